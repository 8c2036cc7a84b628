/**
 * Commits large batches of change writes (group-commit.ts decides which) on a worker thread with
 * its own connection to the database file. Such a commit then never holds the main thread's event
 * loop: ESP, GMS and the console are served while it is written, and the batch can be everything
 * queued meanwhile, so a burst pays for one commit (SQLite writes each page a transaction touched
 * to the WAL once per commit) instead of one per slice of a time budget on the main thread
 * (docs/sessions.md, "Durability").
 *
 * The main connection keeps every read: with WAL it sees each batch once committed, and the engine
 * applies a change only after its batch has answered (commit, then apply).
 */
import { createRequire } from 'node:module'
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads'
import { StoreWriteError, type Logger } from '../engine/ports'
import type { ChangeWrite } from './change-writes'
import { WRITE_SQL } from './write-statements'
import type { BatchOutcome, CommitThread, WriteFailed } from './group-commit'
import { classifyWriteError } from './write-errors'

/** What the thread reports of a write that did not commit: SQLite's code and message. */
interface ThreadFailure {
  code: string
  message: string
}

/** As `BatchOutcome`, with the failures as the thread can send them. */
type ThreadOutcome = null | (ThreadFailure | null)[]

/**
 * The thread's code: CommonJS evaluated in the thread, so no separate bundle entry is needed. A
 * batch may arrive in pieces (`add`, then `send`): the first opens the transaction and every piece
 * is written on arrival, so the thread inserts while the main thread is still deciding the rest of
 * a burst; the last piece commits. When the batch fails it tries each write alone, as
 * `GroupCommit` does on the main thread: one bad write (or session) does not fail the others, and
 * a write whose session already failed in this batch fails with it, unrun.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads')
const Database = require(workerData.driverPath)
const { port, signal } = workerData
const db = new Database(workerData.path, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {})
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs)
db.pragma('foreign_keys = ON')
db.pragma('synchronous = ' + workerData.synchronous)
db.pragma('wal_autocheckpoint = ' + workerData.autocheckpointPages)
const statements = []
const statement = (index) => (statements[index] ??= db.prepare(workerData.sql[index]))
const runWrite = (write) => {
  for (const [index, params, orElse] of write.ops) {
    if (statement(index).run(params).changes === 0 && orElse !== undefined) statement(orElse).run(params)
  }
}
const commitOne = db.transaction(runWrite)
const failureOf = (error) => ({
  code: error && error.code !== undefined ? String(error.code) : '',
  message: error instanceof Error ? error.message : String(error),
})
const rollBack = () => { if (db.inTransaction) db.exec('ROLLBACK') }
// The batch being received: its writes so far, and the first error (the rest then waits unrun).
let open = null
function receive(writes) {
  if (open === null) {
    open = { writes: [], error: undefined }
    try { db.exec('BEGIN IMMEDIATE') } catch (error) { open.error = error }
  }
  for (const write of writes) open.writes.push(write)
  if (open.error !== undefined) return
  try {
    for (const write of writes) runWrite(write)
  } catch (error) {
    open.error = error
    rollBack()
  }
}
function commit() {
  const { writes } = open
  let { error } = open
  open = null
  if (error === undefined) {
    try {
      db.exec('COMMIT')
      return null
    } catch (commitError) {
      error = commitError
      rollBack()
    }
  }
  if (writes.length === 1) return [failureOf(error)]
  const failed = new Map()
  return writes.map((write) => {
    if (failed.has(write.key)) return failed.get(write.key)
    try {
      commitOne.immediate(write)
      return null
    } catch (error) {
      const failure = failureOf(error)
      failed.set(write.key, failure)
      return failure
    }
  })
}
port.on('message', (message) => {
  if (message.autocheckpointPages !== undefined) {
    db.pragma('wal_autocheckpoint = ' + message.autocheckpointPages)
    return
  }
  if (message.close) {
    rollBack()
    db.close()
    port.close()
    return
  }
  receive(message.writes)
  if (message.id === undefined) return
  const outcome = commit()
  port.postMessage({ id: message.id, outcome })
  Atomics.add(signal, 0, 1)
  Atomics.notify(signal, 0)
})
`

/** How long a closing store waits for the thread's last answers before giving up on them. */
const CLOSE_WAIT_MS = 30_000

export interface WriterThreadOptions {
  /** `PRAGMA synchronous` of the main connection, as SQLite reads it back (1 or 2). */
  synchronous: number
  busyTimeoutMs: number
  /** 0 while a checkpointer thread checkpoints instead; see `checkpointAutomatically`. */
  autocheckpointPages: number
  nativeBinding?: string
  logger?: Logger
}

interface Sent {
  writes: number
  settle: (outcome: BatchOutcome) => void
}

export class WriterThread implements CommitThread<ChangeWrite> {
  private readonly worker: Worker
  private readonly port: MessagePort
  private readonly signal = new Int32Array(new SharedArrayBuffer(4))
  private readonly sent = new Map<number, Sent>()
  private nextId = 1
  /** Writes handed over with `add` for the batch that `send` will close. */
  private added = 0
  /** Why the thread can take no more writes (it died, or the store closed it). */
  private stopped: string | undefined
  private readonly exited: Promise<void>

  /** @throws when the thread cannot be started (the caller then commits on its own thread). */
  constructor(
    private readonly path: string,
    private readonly options: WriterThreadOptions,
  ) {
    const channel = new MessageChannel()
    this.port = channel.port1
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driverPath: createRequire(import.meta.url).resolve('better-sqlite3'),
        path,
        nativeBinding: options.nativeBinding,
        synchronous: options.synchronous,
        busyTimeoutMs: options.busyTimeoutMs,
        autocheckpointPages: options.autocheckpointPages,
        sql: WRITE_SQL,
        port: channel.port2,
        signal: this.signal,
      },
      transferList: [channel.port2],
    })
    // Only a batch waiting for its answer keeps the process alive (see `send`).
    this.worker.unref()
    this.port.unref()
    this.port.on('message', (message: { id: number; outcome: ThreadOutcome }) =>
      this.answer(message),
    )
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()))
    // An error thrown in the thread may arrive without its message (a native error class).
    this.worker.on('error', (error: unknown) =>
      this.die(`the store's writer thread failed: ${describeError(error)}`),
    )
    this.worker.once('exit', (code) => this.die(`the store's writer thread exited (${code})`))
  }

  /**
   * Sends a batch, or its last writes after `add`, and commits it; `settle` gets its outcome,
   * asynchronously, or synchronously inside `waitForAnswers`. If the thread has stopped, every write of the batch fails with an I/O
   * `StoreWriteError` (`GroupCommit` sends none once `isAvailable` is false).
   */
  send(writes: readonly ChangeWrite[], settle: (outcome: BatchOutcome) => void): void {
    const count = this.added + writes.length
    this.added = 0
    if (this.stopped !== undefined) {
      const outcome = failEach(count, new StoreWriteError('io', this.stopped))
      queueMicrotask(() => settle(outcome))
      return
    }
    const id = this.nextId++
    this.sent.set(id, { writes: count, settle })
    this.port.ref()
    this.port.postMessage({ id, writes })
  }

  /**
   * Hands over the first writes of the next batch, which the thread writes at once in its open
   * transaction; `send` brings the rest and commits. If the thread stops meanwhile, `send` fails
   * them all.
   */
  add(writes: readonly ChangeWrite[]): void {
    this.added += writes.length
    if (this.stopped === undefined) this.port.postMessage({ writes })
  }

  get isAvailable(): boolean {
    return this.stopped === undefined
  }

  /** Switches SQLite's automatic checkpoints on the writing connection on or off (0). */
  checkpointAutomatically(pages: number): void {
    if (this.stopped === undefined) this.port.postMessage({ autocheckpointPages: pages })
  }

  /**
   * Blocks until every batch sent so far has answered, settling each in turn (a settle may send
   * another batch, which is waited for too). For a closing store, which must not return before
   * what it acknowledged is committed.
   */
  waitForAnswers(): void {
    const deadline = performance.now() + CLOSE_WAIT_MS
    while (this.sent.size > 0 && this.stopped === undefined) {
      const seen = Atomics.load(this.signal, 0)
      const received = receiveMessageOnPort(this.port) as
        { message: { id: number; outcome: ThreadOutcome } } | undefined
      if (received) {
        this.answer(received.message)
        continue
      }
      const left = deadline - performance.now()
      if (left <= 0) break
      Atomics.wait(this.signal, 0, seen, Math.min(left, 1000))
    }
    if (this.sent.size > 0) this.die('the store closed before its writer thread answered')
  }

  /** Closes the thread's connection once everything sent is answered; resolves when it exited. */
  close(): Promise<void> {
    this.waitForAnswers()
    if (this.stopped === undefined) {
      this.stopped = 'the store is closed'
      this.port.postMessage({ close: true })
      // Waiting for the exit keeps the process alive, so the awaited close settles.
      this.worker.ref()
    }
    return this.exited
  }

  private answer(message: { id: number; outcome: ThreadOutcome }): void {
    const sent = this.sent.get(message.id)
    if (!sent) return
    this.sent.delete(message.id)
    if (this.sent.size === 0) this.port.unref()
    sent.settle(toOutcome(message.outcome))
  }

  /**
   * The thread is gone (or the store closed without its answers): the batches it held fail, and
   * later batches commit on the main thread. Whether a held batch's transaction committed is
   * unknown; the engine treats it as not stored, and should it have been, the store's keys refuse
   * the session's next event until a restart restores the session from the store.
   */
  private die(reason: string): void {
    if (this.stopped === undefined) {
      this.stopped = reason
      this.options.logger?.error(
        "the store's writer thread stopped: batches commit on the main thread",
        {
          path: this.path,
          reason,
        },
      )
    }
    const sent = [...this.sent.values()]
    this.sent.clear()
    this.port.unref()
    // Whether the batch's transaction committed is unknown: the engine treats it as not stored.
    const error = new StoreWriteError('io', reason)
    for (const { writes, settle } of sent) settle(failEach(writes, error))
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error && error.message) return error.message
  const text = String(error)
  return text === '[object Object]' ? JSON.stringify(error) : text
}

/** Every write of a batch fails with the same error. */
function failEach(writes: number, error: unknown): BatchOutcome {
  const failed = { error }
  return Array.from({ length: writes }, () => failed)
}

/**
 * The thread's failures as the errors SQLite would have thrown on this thread. A write that failed
 * with its session's earlier one arrives as the same object (structured clone keeps identity
 * within a message) and gets the same error.
 */
function toOutcome(outcome: ThreadOutcome): BatchOutcome {
  if (outcome === null) return null
  const errors = new Map<ThreadFailure, WriteFailed>()
  return outcome.map((failure) => {
    if (failure === null) return null
    let failed = errors.get(failure)
    if (!failed) {
      const error = Object.assign(new Error(failure.message), { code: failure.code })
      failed = { error: classifyWriteError(error) }
      errors.set(failure, failed)
    }
    return failed
  })
}
