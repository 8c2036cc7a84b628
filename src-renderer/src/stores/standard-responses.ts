/**
 * The standard responses of each chat (docs/dashboard.md, "Standard responses"), loaded the first
 * time the composer asks for them and kept for the chat; the server fills their fields.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { StandardResponse } from '../../../src-shared/console-api/standard-responses'
import type { ClientError } from '../api/bridge'
import { useConnectionStore } from './connection'
import { useCurrentUserStore } from './current-user'

export const useStandardResponsesStore = defineStore('standardResponses', () => {
  const connection = useConnectionStore()
  const bySession = shallowRef(new Map<string, StandardResponse[]>())
  const error = ref<ClientError | null>(null)
  const loading = new Set<string>()

  async function load(sessionId: string): Promise<void> {
    if (bySession.value.has(sessionId) || loading.has(sessionId)) return
    loading.add(sessionId)
    const reply = await connection.call('standardResponses', { sessionId })
    loading.delete(sessionId)
    if (reply.error) {
      error.value = reply.error
      return
    }
    error.value = null
    bySession.value = new Map(bySession.value).set(sessionId, reply.result.responses)
  }

  function responsesOf(sessionId: string): StandardResponse[] {
    return bySession.value.get(sessionId) ?? []
  }

  useCurrentUserStore().onSignedOut(() => {
    bySession.value = new Map()
  })

  return { error, load, responsesOf }
})
