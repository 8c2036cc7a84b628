/**
 * Moves SQLite's WAL checkpoints off the main thread. A checkpoint copies the WAL into the
 * database file and fsyncs it; run by the writing connection (SQLite's default, every 1,000
 * pages) it stalls whatever commit crosses the threshold for 10-20 ms on a typical disk, which
 * shows as ESP and GMS tail latency and event-loop delay. A worker thread with its own
 * connection checkpoints instead (PASSIVE: it never blocks the writer), and the main connection's
 * automatic checkpoints are switched off while the worker runs.
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Logger } from '../engine/ports'
import type { SqliteDatabase } from './open-database'

/** The worker's code: CommonJS evaluated in the thread, so no separate bundle entry is needed. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driverPath)
const db = new Database(workerData.path, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {})
db.pragma('busy_timeout = 1000')
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch (error) { parentPort.postMessage(String(error)) }
}, workerData.intervalMs)
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close() })
`

export const DEFAULT_AUTOCHECKPOINT_PAGES = 1000

export interface WalCheckpointer {
  /**
   * Stops the worker; the main connection checkpoints by itself again. Idempotent. Resolves once
   * the worker's connection is closed, so the database's files can be removed or reopened.
   */
  stop(): Promise<void>
}

/**
 * Starts checkpointing `path` every `intervalMs` in a worker thread, loading the same addon as
 * the main connection (`nativeBinding`: Electron's build in the desktop app). If the worker
 * cannot start, fails, or reports a failed checkpoint, the error is logged, the worker stops and
 * the main connection's automatic checkpoints come back, so the WAL never grows without bound.
 */
export function startWalCheckpointer(
  db: SqliteDatabase,
  path: string,
  options: {
    intervalMs?: number
    nativeBinding?: string
    logger?: Logger
    /** Called when the worker fails, after the main connection's automatic checkpoints are back. */
    onFallBack?: () => void
  } = {},
): WalCheckpointer {
  const { intervalMs = 500, nativeBinding, logger } = options
  const restoreAutomatic = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`)
  }
  let worker: Worker
  try {
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3')
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driverPath, path, intervalMs, nativeBinding },
    })
  } catch {
    options.onFallBack?.()
    return { stop: () => Promise.resolve() }
  }
  worker.unref()
  db.pragma('wal_autocheckpoint = 0')
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  let isStopped = false
  const stop = () => {
    if (isStopped) return exited
    isStopped = true
    worker.removeAllListeners('message')
    worker.off('error', fallBack)
    worker.on('error', () => {})
    worker.postMessage('stop')
    // Waiting for the exit must keep the process alive: unref'd, a worker stopped right after it
    // started (a start-up that fails and unwinds) could outlive the main thread's last task, and
    // the process would exit 0 with the awaited close (and the start-up error) never settled.
    worker.ref()
    restoreAutomatic()
    return exited
  }
  // The worker posts a failed checkpoint's error; an 'error' event is the worker itself dying.
  function fallBack(error: unknown) {
    logger?.warn('WAL checkpoint failed: automatic checkpoints take over', {
      path,
      error: error instanceof Error ? error.message : String(error),
    })
    void stop()
    options.onFallBack?.()
  }
  worker.on('message', fallBack)
  worker.on('error', fallBack)
  return { stop }
}
