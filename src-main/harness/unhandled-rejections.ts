/**
 * A strategy that forgets an `await` leaves a promise that may reject with nobody listening, and
 * Node ends the process on an unhandled rejection: the engine would go down with it. While any
 * strategy runs, such rejections are caught here; one whose stack passes through a strategy file
 * is reported as that strategy's failure, any other is written to stderr (it is a bug).
 */
import { locateInStack } from './strategy-failure'

type Reporter = (error: unknown, file: string) => void

interface Watch {
  files: readonly string[]
  report: Reporter
}

const watches = new Set<Watch>()

function onUnhandledRejection(reason: unknown): void {
  const stack = reason instanceof Error ? reason.stack : undefined
  for (const watch of watches) {
    const file = watch.files.find((candidate) => locateInStack(stack, candidate) !== undefined)
    if (file !== undefined) return watch.report(reason, file)
  }
  process.stderr.write(`switchboard: unhandled rejection: ${stack ?? String(reason)}\n`)
}

/**
 * Reports unhandled rejections from `files` to `report` until the returned function is called.
 * The process-wide listener is installed with the first watch and removed with the last.
 */
export function watchUnhandledRejections(files: readonly string[], report: Reporter): () => void {
  const watch = { files, report }
  if (watches.size === 0) process.on('unhandledRejection', onUnhandledRejection)
  watches.add(watch)
  return () => {
    if (!watches.delete(watch)) return
    if (watches.size === 0) process.off('unhandledRejection', onUnhandledRejection)
  }
}
