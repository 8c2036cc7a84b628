/**
 * Exports the open chat's transcript as one audience saw it (`exportTranscript`) and hands the
 * file to the browser's download. The server decides what the audience saw and whether the
 * caller may export it.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ExportFormat, ExportResult } from '../../../src-shared/console-api/dashboard'
import type { Role } from '../../../src-shared/domain'
import type { ClientError } from '../api/bridge'
import { useConnectionStore } from './connection'

/** Saves `content` under `fileName` through a temporary object URL. */
function download(result: ExportResult): void {
  const url = URL.createObjectURL(new Blob([result.content], { type: result.mediaType }))
  const link = document.createElement('a')
  link.href = url
  link.download = result.fileName
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  URL.revokeObjectURL(url)
}

export const useTranscriptExportStore = defineStore('transcriptExport', () => {
  const connection = useConnectionStore()
  const isExporting = ref(false)
  const error = ref<ClientError | null>(null)
  const lastFileName = ref<string | null>(null)

  async function exportTranscript(
    sessionId: string,
    audience: Role,
    format: ExportFormat,
  ): Promise<ExportResult | null> {
    isExporting.value = true
    const reply = await connection.call('exportTranscript', { sessionId, audience, format })
    isExporting.value = false
    if (reply.error) {
      error.value = reply.error
      lastFileName.value = null
      return null
    }
    error.value = null
    lastFileName.value = reply.result.fileName
    download(reply.result)
    return reply.result
  }

  return { isExporting, error, lastFileName, exportTranscript }
})
