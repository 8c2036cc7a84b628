/**
 * Transfer, conference and back to the queue for the open chat: the signed-in colleagues to
 * choose from, and the three actions.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { HandPerson } from '../../../src-shared/console-api/raised-hands'
import type { ClientError } from '../api/bridge'
import { useConnectionStore } from './connection'

export const useHandoverStore = defineStore('handover', () => {
  const connection = useConnectionStore()
  const agents = shallowRef<HandPerson[]>([])
  const error = ref<ClientError | null>(null)
  const isBusy = ref(false)
  const lastDone = ref<string | null>(null)

  async function loadAgents(): Promise<void> {
    const reply = await connection.call('listAvailableAgents', {})
    if (reply.result) agents.value = reply.result.agents
  }

  async function act(
    action: 'transfer' | 'invite' | 'returnToQueue',
    sessionId: string,
    toUserId?: string,
  ): Promise<boolean> {
    isBusy.value = true
    const reply =
      action === 'returnToQueue'
        ? await connection.call('returnToQueue', { sessionId })
        : await connection.call(action, { sessionId, toUserId: toUserId ?? '' })
    isBusy.value = false
    error.value = reply.error ?? null
    lastDone.value = reply.error ? null : action
    return !reply.error
  }

  return { agents, error, isBusy, lastDone, loadAgents, act }
})
