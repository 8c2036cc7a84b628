/**
 * What a user does to a chat as a whole: accept it (agent), join it or switch mode
 * (supervisor), leave it, close it for everyone. One action at a time; its refusal is kept in
 * `error` for the screen to show.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { SupervisorMode } from '../../../src-shared/domain'
import type { ClientError } from '../api/bridge'
import { useConnectionStore } from './connection'
import { useCurrentUserStore } from './current-user'
import { useSelectedSessionStore } from './selected-session'
import { useSessionsStore } from './sessions'
import { useTranscriptsStore } from './transcripts'

export type SessionAction = 'accept' | 'leave' | 'close' | 'join' | 'setMode'

export const useSessionActionsStore = defineStore('sessionActions', () => {
  const connection = useConnectionStore()
  const selected = useSelectedSessionStore()
  const sessions = useSessionsStore()
  const transcripts = useTranscriptsStore()

  /** The action under way and its session, or null. */
  const pending = ref<{ action: SessionAction; sessionId: string } | null>(null)
  const error = ref<(ClientError & { sessionId: string }) | null>(null)

  async function run(
    action: SessionAction,
    sessionId: string,
    call: () => Promise<{ error?: ClientError }>,
  ): Promise<boolean> {
    pending.value = { action, sessionId }
    const reply = await call()
    pending.value = null
    if (reply.error) {
      error.value = { ...reply.error, sessionId }
      void sessions.reload()
      return false
    }
    error.value = null
    await Promise.all([sessions.reload(), selected.refresh()])
    return true
  }

  /** Agent: take a queued chat and open it. */
  async function accept(sessionId: string): Promise<boolean> {
    const isAccepted = await run('accept', sessionId, () =>
      connection.call('accept', { sessionId }),
    )
    if (isAccepted) {
      await selected.select(sessionId)
      void transcripts.open(sessionId)
    }
    return isAccepted
  }

  function leave(sessionId: string): Promise<boolean> {
    return run('leave', sessionId, () => connection.call('leave', { sessionId }))
  }

  function close(sessionId: string): Promise<boolean> {
    return run('close', sessionId, () => connection.call('closeSession', { sessionId }))
  }

  /** Supervisor: join in a mode, or switch to it when already in. */
  function join(sessionId: string, mode: SupervisorMode): Promise<boolean> {
    return run('join', sessionId, () => connection.call('join', { sessionId, mode }))
  }

  function setMode(sessionId: string, mode: SupervisorMode): Promise<boolean> {
    return run('setMode', sessionId, () => connection.call('setMode', { sessionId, mode }))
  }

  function dismissError(): void {
    error.value = null
  }

  useCurrentUserStore().onSignedOut(() => {
    pending.value = null
    error.value = null
  })

  return { pending, error, accept, leave, close, join, setMode, dismissError }
})
