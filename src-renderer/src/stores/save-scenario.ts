/**
 * "Save as scenario": asks the main process for the chat as a runnable harness scenario (read
 * as this user's role sees it) and offers it as a YAML file. A refusal is kept in `error`.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ClientError } from '../api/bridge'
import { saveTextFile } from '../logic/save-text-file'
import { useConnectionStore } from './connection'

export const useSaveScenarioStore = defineStore('saveScenario', () => {
  const connection = useConnectionStore()
  /** The session being recorded, or null. */
  const pending = ref<string | null>(null)
  const error = ref<(ClientError & { sessionId: string }) | null>(null)
  /** How the file is offered; tests replace it. */
  let save = saveTextFile

  async function saveAsScenario(sessionId: string): Promise<boolean> {
    pending.value = sessionId
    error.value = null
    const reply = await connection.call('recordScenario', { sessionId })
    pending.value = null
    if (reply.error) {
      error.value = { ...reply.error, sessionId }
      return false
    }
    save(reply.result.fileName, reply.result.yaml)
    return true
  }

  function setSaver(saver: typeof saveTextFile): void {
    save = saver
  }

  return { pending, error, saveAsScenario, setSaver }
})
