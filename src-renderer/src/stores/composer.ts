/**
 * The composer of the open chat: a draft per session, three modes (message, internal note, push
 * URL), and typing notices: started on the first keystroke of a message, stopped after a pause
 * or when the draft is emptied (a sent message ends typing by itself).
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ClientError } from '../api/bridge'
import { draftProblem, type ComposerMode } from '../logic/composer-rules'
import { useConnectionStore } from './connection'
import { useCurrentUserStore } from './current-user'

/** Silence after which "typing" ends. */
export const TYPING_PAUSE_MS = 5000

export const useComposerStore = defineStore('composer', () => {
  const connection = useConnectionStore()
  const currentUser = useCurrentUserStore()

  const mode = ref<ComposerMode>('message')
  const drafts = ref<Record<string, string>>({})
  const isSending = ref(false)
  /** A check that failed before sending, or the server's refusal. */
  const error = ref<ClientError | { code: 'invalid-draft'; message: string } | null>(null)
  let typingIn: string | null = null
  let typingTimer: ReturnType<typeof setTimeout> | undefined

  function draftOf(sessionId: string): string {
    return drafts.value[sessionId] ?? ''
  }

  function sendTyping(sessionId: string, isTyping: boolean): void {
    void connection.call('setTyping', { sessionId, isTyping })
  }

  function stopTyping(options: { notify: boolean }): void {
    clearTimeout(typingTimer)
    typingTimer = undefined
    if (typingIn !== null && options.notify) sendTyping(typingIn, false)
    typingIn = null
  }

  function noteTyping(sessionId: string, draft: string): void {
    // A `/` search of the standard responses is not typing the customer should hear about.
    if (mode.value !== 'message' || draft === '' || draft.startsWith('/')) {
      if (typingIn === sessionId) stopTyping({ notify: true })
      return
    }
    if (typingIn !== sessionId) {
      stopTyping({ notify: true })
      typingIn = sessionId
      sendTyping(sessionId, true)
    }
    clearTimeout(typingTimer)
    typingTimer = setTimeout(() => stopTyping({ notify: true }), TYPING_PAUSE_MS)
  }

  function setDraft(sessionId: string, draft: string): void {
    drafts.value = { ...drafts.value, [sessionId]: draft }
    if (error.value?.code === 'invalid-draft') error.value = null
    noteTyping(sessionId, draft)
  }

  function setMode(next: ComposerMode): void {
    if (next !== 'message') stopTyping({ notify: true })
    mode.value = next
    error.value = null
  }

  async function send(sessionId: string): Promise<boolean> {
    const draft = draftOf(sessionId)
    // The mode and text are taken now: the user may switch mode or type on while this is sent.
    const sentMode = mode.value
    const problem = draftProblem(sentMode, draft)
    if (problem) {
      error.value = { code: 'invalid-draft', message: problem }
      return false
    }
    isSending.value = true
    const reply =
      sentMode === 'url'
        ? await connection.call('pushUrl', { sessionId, url: draft.trim() })
        : await connection.call(sentMode === 'note' ? 'sendNote' : 'sendMessage', {
            sessionId,
            text: draft,
          })
    isSending.value = false
    if (reply.error) {
      error.value = reply.error
      return false
    }
    error.value = null
    // A sent message ends typing by itself; no notice is needed for it.
    if (sentMode === 'message' && typingIn === sessionId) stopTyping({ notify: false })
    if (draftOf(sessionId) === draft) drafts.value = { ...drafts.value, [sessionId]: '' }
    return true
  }

  /** Leaving a chat's composer (another chat opened): typing there ends. */
  function leaveSession(): void {
    stopTyping({ notify: true })
    error.value = null
  }

  currentUser.onSignedOut(() => {
    stopTyping({ notify: false })
    drafts.value = {}
    mode.value = 'message'
    error.value = null
  })

  return { mode, drafts, isSending, error, draftOf, setDraft, setMode, send, leaveSession }
})
