import { resolveDataDir } from '../config/load-config'
import { readRecordingFromStore, RecordingError } from '../harness/recording-sources'
import { recordScenario } from '../harness/session-recording'

export interface RecordOptions {
  dataDir?: string
}

/**
 * `switchboard record SESSION_ID > case.yaml`: prints a runnable scenario of a stored session,
 * its actions at the times they happened and what each role saw (docs/harness.md, "Record and
 * replay"). Exit status 2 when there is no such session.
 */
export function recordCommand(sessionId: string, options: RecordOptions): number {
  try {
    const recording = readRecordingFromStore(resolveDataDir(options.dataDir), sessionId)
    process.stdout.write(recordScenario(recording))
    return 0
  } catch (error) {
    if (!(error instanceof RecordingError)) throw error
    process.stderr.write(`switchboard record: ${error.message}\n`)
    return 2
  }
}
