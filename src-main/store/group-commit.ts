/**
 * Group commit: everything queued while the previous batch was committing (or, when idle, during
 * the same tick) is committed together, so a burst of requests pays for one commit instead of one
 * each, while every caller still waits for its own commit (docs/sessions.md, "Durability").
 *
 * Where a batch commits: a small one on this thread, where it costs well under a millisecond and
 * no hand-over to another thread adds to its latency; a large one in the writer thread when there
 * is one, so that the event loop keeps serving ESP, GMS and the console meanwhile. One batch is
 * committing at a time, wherever it is, so commits keep their order and never wait for each
 * other's locks.
 *
 * A burst hands its items to the thread while it is still arriving (`HAND_OVER_EVERY`): the thread
 * writes them in its open transaction while this thread decides the rest, and commits them all
 * once the tick is over. One commit still pays for the whole burst.
 */

/** A write that did not commit, with what it threw (or what the writer thread reported). */
export interface WriteFailed {
  error: unknown
}

/**
 * `null`: the whole batch committed. Otherwise one entry per item, `null` where the item committed
 * alone after the batch's transaction failed.
 */
export type BatchOutcome = null | (WriteFailed | null)[]

/** Another thread that commits batches (writer-thread.ts). */
export interface CommitThread<T> {
  /** False once the thread has died: every batch then commits here. */
  readonly isAvailable: boolean
  /** Hands over the first items of the next batch: the thread starts writing them. */
  add(items: readonly T[]): void
  /**
   * Sends a batch (its remaining items, after `add`) to commit; `settle` gets the outcome of all
   * its items later, or inside `waitForAnswers`.
   */
  send(items: readonly T[], settle: (outcome: BatchOutcome) => void): void
  /** Blocks until every batch sent has been settled (on close). */
  waitForAnswers(): void
}

export interface GroupCommitStats {
  /** Transactions committed (a batch, or one item of a failed batch). */
  batches: number
  /** Items in those transactions. */
  items: number
  /** Batches whose transaction failed (their items were then committed one by one). */
  failedBatches: number
  /** Items that could not be committed (rejected). */
  failedItems: number
}

export interface GroupCommitOptions<T> {
  /**
   * What an item depends on (a session id): once an item fails, every later item with the same
   * key fails with it, queued or not yet committed, because it was decided on top of the failed
   * one. Items with other keys are unaffected. Default: each item stands alone.
   */
  keyOf?: (item: T) => string
  /** Commits batches larger than `maxItemsHere`; without it every batch commits here. */
  thread?: CommitThread<T>
  /** Largest batch committed on this thread when there is a commit thread (default 16). */
  maxItemsHere?: number
}

/**
 * About 30-60 µs an item on this machine's store (docs/benchmarks.md): 16 hold the loop for well
 * under the 2 ms that ESP and GMS tail latencies allow.
 */
const DEFAULT_MAX_ITEMS_HERE = 16

/**
 * Answers released per turn of the event loop. Each answer lets its caller go on (the engine
 * applies its change and publishes it); a thousand sessions closing at once would otherwise all
 * be applied in one turn and hold the loop for every other client (bench: idle.close-burst).
 */
const ANSWERS_PER_TURN = 16

/**
 * Items handed to the writer thread at a time while a large batch is still arriving: enough to be
 * worth a message, few enough that the thread starts soon.
 */
const HAND_OVER_EVERY = 32

interface Pending<T> {
  item: T
  resolve: () => void
  reject: (error: unknown) => void
}

export class GroupCommit<T> {
  private queue: Pending<T>[] = []
  /** Items of the batch being formed that the thread has already (`CommitThread.add`). */
  private handedOver: Pending<T>[] = []
  private idleWaiters: (() => void)[] = []
  private isInFlight = false
  private isScheduled = false
  /** Settled items whose callers are still to hear it, in commit order. */
  private answers: (() => void)[] = []
  private isAnswering = false
  private readonly counts: GroupCommitStats = {
    batches: 0,
    items: 0,
    failedBatches: 0,
    failedItems: 0,
  }
  private readonly keyOf: (item: T) => string | undefined
  private readonly thread: CommitThread<T> | undefined
  private readonly maxItemsHere: number
  /** Queued items that go to the thread before the batch is complete. */
  private readonly handOverEvery: number

  /**
   * @param commitHere Commits a batch on this thread, atomically and synchronously, or throws
   *   having committed none of it.
   */
  constructor(
    private readonly commitHere: (items: readonly T[]) => void,
    options: GroupCommitOptions<T> = {},
  ) {
    this.keyOf = options.keyOf ?? (() => undefined)
    this.thread = options.thread
    this.maxItemsHere = options.thread
      ? (options.maxItemsHere ?? DEFAULT_MAX_ITEMS_HERE)
      : Number.POSITIVE_INFINITY
    // Only a batch that is sure to commit in the thread is handed over early.
    this.handOverEvery = Math.max(HAND_OVER_EVERY, this.maxItemsHere + 1)
  }

  /** Queues an item; the promise settles once its batch is committed (or has failed). */
  enqueue(item: T): Promise<void> {
    const promise = new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject })
    })
    this.handOverEarly()
    this.schedule()
    return promise
  }

  /** Resolves once every item queued so far has settled, whether its batch committed or not. */
  whenIdle(): Promise<void> {
    if (this.isIdle) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /**
   * Commits everything queued before returning (on close): waits for the thread's batch in
   * flight, then commits the rest here, in one batch.
   */
  commitQueued(): void {
    // A batch the thread is receiving is completed and committed there first.
    if (this.handedOver.length > 0) this.commitQueuedBatch()
    this.thread?.waitForAnswers()
    const batch = this.queue.splice(0)
    if (batch.length > 0) this.settle(batch, this.commitOnThisThread(batch))
  }

  get stats(): Readonly<GroupCommitStats> {
    return { ...this.counts }
  }

  private get isIdle(): boolean {
    return (
      !this.isInFlight &&
      this.queue.length === 0 &&
      this.handedOver.length === 0 &&
      this.answers.length === 0
    )
  }

  /**
   * While no batch is committing, a queue that has grown past what commits here is handed to the
   * thread in pieces; the batch is completed and committed at the end of the tick as usual.
   */
  private handOverEarly(): void {
    if (this.isInFlight || this.queue.length < this.handOverEvery) return
    if (!this.thread?.isAvailable) return
    const items = this.queue.splice(0)
    this.thread.add(items.map((pending) => pending.item))
    this.handedOver.push(...items)
  }

  private schedule(): void {
    if (this.isScheduled || this.isInFlight) return
    this.isScheduled = true
    // setImmediate, not a microtask: it runs after the current tick's I/O callbacks, so writes
    // from every request handled in this tick join the batch.
    setImmediate(() => {
      this.isScheduled = false
      if (!this.isInFlight) this.commitQueuedBatch()
    })
  }

  private commitQueuedBatch(): void {
    const handedOver = this.handedOver.splice(0)
    const rest = this.queue.splice(0)
    const batch = [...handedOver, ...rest]
    if (batch.length === 0) return
    // A batch the thread has begun is completed there, even by a thread that stopped since:
    // its `send` then fails the whole batch.
    const isHere = !this.thread?.isAvailable || batch.length <= this.maxItemsHere
    if (!this.thread || (isHere && handedOver.length === 0)) {
      this.settle(batch, this.commitOnThisThread(batch))
      return
    }
    this.isInFlight = true
    this.thread.send(
      rest.map((pending) => pending.item),
      (outcome) => {
        this.isInFlight = false
        this.settle(batch, outcome)
        // What was queued meanwhile goes at once: it has waited for a whole commit already.
        this.commitQueuedBatch()
      },
    )
  }

  /**
   * The batch in one transaction; if that fails, one item may be the cause (a bug) or all of them
   * (a full disk): committing each alone tells which, and spares the others' callers a failure
   * that was not theirs. The writer thread does the same (writer-thread.ts).
   */
  private commitOnThisThread(batch: readonly Pending<T>[]): BatchOutcome {
    try {
      this.commitHere(batch.map((pending) => pending.item))
      return null
    } catch (error) {
      if (batch.length === 1) return [{ error }]
    }
    const failed = new Map<string, WriteFailed>()
    return batch.map((pending) => {
      const key = this.keyOf(pending.item)
      const earlier = key === undefined ? undefined : failed.get(key)
      if (earlier) return earlier
      try {
        this.commitHere([pending.item])
        return null
      } catch (error) {
        if (key !== undefined) failed.set(key, { error })
        return { error }
      }
    })
  }

  private settle(batch: readonly Pending<T>[], outcome: BatchOutcome): void {
    if (outcome === null) {
      this.counts.batches += 1
      this.counts.items += batch.length
      for (const pending of batch) this.answers.push(pending.resolve)
    } else {
      this.settleOneByOne(batch, outcome)
    }
    this.startAnswering()
  }

  private settleOneByOne(batch: readonly Pending<T>[], outcome: (WriteFailed | null)[]): void {
    this.counts.failedBatches += 1
    const failedKeys = new Map<string, unknown>()
    batch.forEach((pending, index) => {
      const failure = outcome[index]
      if (!failure) {
        this.counts.batches += 1
        this.counts.items += 1
        this.answers.push(pending.resolve)
        return
      }
      const key = this.keyOf(pending.item)
      if (key !== undefined && !failedKeys.has(key)) failedKeys.set(key, failure.error)
      this.fail(pending, failure.error)
    })
    // Queued items of a failed key were decided on top of the failed one: they fail too.
    if (failedKeys.size === 0) return
    this.queue = this.queue.filter((pending) => {
      const key = this.keyOf(pending.item)
      if (key === undefined || !failedKeys.has(key)) return true
      this.fail(pending, failedKeys.get(key))
      return false
    })
  }

  private fail(pending: Pending<T>, error: unknown): void {
    this.counts.failedItems += 1
    this.answers.push(() => pending.reject(error))
  }

  /**
   * Answers go out in commit order (the engine applies a session's changes in the order it
   * decided them), the first ones now, `ANSWERS_PER_TURN` at a time.
   */
  private startAnswering(): void {
    if (this.isAnswering) return
    this.isAnswering = true
    this.releaseAnswers()
  }

  private releaseAnswers(): void {
    for (const answer of this.answers.splice(0, ANSWERS_PER_TURN)) answer()
    if (this.answers.length > 0) {
      setImmediate(() => this.releaseAnswers())
      return
    }
    this.isAnswering = false
    if (!this.isIdle) return
    const waiters = this.idleWaiters.splice(0)
    for (const resolve of waiters) resolve()
  }
}
