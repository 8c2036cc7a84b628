/**
 * Group commit through the writer thread: one batch in flight at a time, and the next batch is
 * everything queued while it was committing. The main thread never runs the transaction, so no
 * time budget splits a batch (compare group-commit.ts, which commits on the main thread).
 */
import type { ChangeWrite } from './change-writes'
import type { CommitQueue, GroupCommitStats } from './group-commit'
import { classifyWriteError } from './write-errors'
import { toWriteError, type BatchOutcome, type WriterThread } from './writer-thread'

/**
 * Answers released per turn of the event loop. Each answer lets the engine apply its change and
 * publish it; a thousand sessions closing at once would otherwise apply all in one turn and hold
 * the loop for every other client (bench: idle.close-burst.loop-delay).
 */
const ANSWERS_PER_TURN = 16

interface Pending {
  write: ChangeWrite
  resolve: () => void
  reject: (error: unknown) => void
}

export class ThreadedCommit implements CommitQueue<ChangeWrite> {
  private queue: Pending[] = []
  private idleWaiters: (() => void)[] = []
  private isInFlight = false
  private isScheduled = false
  /** Settled writes whose callers are still to hear it, in commit order. */
  private answers: (() => void)[] = []
  private isAnswering = false
  private readonly counts: GroupCommitStats = {
    batches: 0,
    items: 0,
    failedBatches: 0,
    failedItems: 0,
  }

  constructor(private readonly writer: WriterThread) {}

  enqueue(write: ChangeWrite): Promise<void> {
    const promise = new Promise<void>((resolve, reject) => {
      this.queue.push({ write, resolve, reject })
    })
    this.schedule()
    return promise
  }

  whenIdle(): Promise<void> {
    if (this.isIdle) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Sends what is queued and blocks until the thread has answered everything (on close). */
  commitQueued(): void {
    if (!this.isInFlight) this.sendQueued()
    this.writer.waitForAnswers()
  }

  get stats(): Readonly<GroupCommitStats> {
    return { ...this.counts }
  }

  private get isIdle(): boolean {
    return !this.isInFlight && this.queue.length === 0 && this.answers.length === 0
  }

  private schedule(): void {
    if (this.isScheduled || this.isInFlight) return
    this.isScheduled = true
    // setImmediate, not a microtask: it runs after the current tick's I/O callbacks, so writes
    // from every request handled in this tick join the batch.
    setImmediate(() => {
      this.isScheduled = false
      if (!this.isInFlight) this.sendQueued()
    })
  }

  private sendQueued(): void {
    const batch = this.queue
    this.queue = []
    if (batch.length === 0) return
    this.isInFlight = true
    this.writer.send(
      batch.map((pending) => pending.write),
      (outcome) => this.settle(batch, outcome),
    )
  }

  private settle(batch: readonly Pending[], outcome: BatchOutcome): void {
    this.isInFlight = false
    if (outcome === null) {
      this.counts.batches += 1
      this.counts.items += batch.length
      for (const pending of batch) this.answer(pending.resolve)
    } else {
      this.settleOneByOne(batch, outcome)
    }
    // What was queued meanwhile goes at once: it has waited for a whole commit already.
    this.sendQueued()
    this.startAnswering()
  }

  /**
   * Queues a caller's answer. Answers go out in commit order (the engine applies a session's
   * changes in the order they were decided), `ANSWERS_PER_TURN` at a time.
   */
  private answer(settle: () => void): void {
    this.answers.push(settle)
  }

  /** Releases the first answers now and the rest on later turns, unless already doing so. */
  private startAnswering(): void {
    if (this.isAnswering) return
    this.isAnswering = true
    this.releaseAnswers()
  }

  private releaseAnswers(): void {
    const turn = this.answers.splice(0, ANSWERS_PER_TURN)
    for (const settle of turn) settle()
    if (this.answers.length === 0) {
      this.isAnswering = false
      this.wakeIdleWaitersIfIdle()
      return
    }
    setImmediate(() => this.releaseAnswers())
  }

  /** The batch's transaction failed; the thread then committed each write alone where it could. */
  private settleOneByOne(batch: readonly Pending[], outcome: NonNullable<BatchOutcome>): void {
    this.counts.failedBatches += 1
    const failedKeys = new Map<string, unknown>()
    batch.forEach((pending, index) => {
      const failure = outcome[index]
      if (failure === null || failure === undefined) {
        this.counts.batches += 1
        this.counts.items += 1
        this.answer(pending.resolve)
        return
      }
      // A later write of a session that failed in this batch was not run: same error.
      const key = pending.write.key
      const error = failedKeys.has(key)
        ? failedKeys.get(key)
        : classifyWriteError(toWriteError(failure))
      failedKeys.set(key, error)
      this.counts.failedItems += 1
      this.answer(() => pending.reject(error))
    })
    // Queued writes of a failed session were decided on top of the failed one: they fail too.
    if (failedKeys.size === 0) return
    const kept: Pending[] = []
    for (const pending of this.queue) {
      if (!failedKeys.has(pending.write.key)) {
        kept.push(pending)
        continue
      }
      this.counts.failedItems += 1
      const error = failedKeys.get(pending.write.key)
      this.answer(() => pending.reject(error))
    }
    this.queue = kept
  }

  private wakeIdleWaitersIfIdle(): void {
    if (!this.isIdle) return
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }
}
