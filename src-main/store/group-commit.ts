/**
 * Group commit: everything queued in the same tick is committed together, so a burst of requests
 * pays for one fsync instead of one each, while every caller still waits for its own commit
 * (docs/sessions.md, "Durability").
 */

interface Pending<T> {
  item: T
  resolve: () => void
  reject: (error: unknown) => void
}

export interface GroupCommitStats {
  /** Batches committed (one transaction each). */
  batches: number
  /** Items in those batches. */
  items: number
  /** Batches whose commit threw (their items were then committed one by one). */
  failedBatches: number
  /** Items that could not be committed (rejected). */
  failedItems: number
}

/** A queue of writes committed in groups: on this thread (`GroupCommit`) or another. */
export interface CommitQueue<T> {
  /** Queues an item; the promise settles once its batch is committed (or has failed). */
  enqueue(item: T): Promise<void>
  /** Resolves once every item queued so far has settled, whether its batch committed or not. */
  whenIdle(): Promise<void>
  /** Commits everything queued before returning (on close). */
  commitQueued(): void
  readonly stats: Readonly<GroupCommitStats>
}

export interface GroupCommitOptions<T> {
  /**
   * How long one transaction may hold the event loop, in ms (default 2). A batch that would take
   * longer, judged by the recent cost per item, is split over several ticks so that I/O (ESP,
   * GMS, the console) is served in between: a thousand sessions closing at once must not stall
   * everyone else (bench: idle.close-burst.loop-delay).
   */
  budgetMs?: number
  /** Clock for the budget (tests pass a fake). */
  now?: () => number
  /**
   * What an item depends on (a session id): once an item fails, every later item with the same
   * key fails with it, queued or not yet committed, because it was decided on top of the failed
   * one. Items with other keys are unaffected. Default: each item stands alone.
   */
  keyOf?: (item: T) => string
}

/** A batch is never cut below this many items, however costly they were lately. */
const MIN_BATCH_ITEMS = 8
/** Only batches at least this large teach the cost per item. */
const LEARN_FROM_ITEMS = 16

export class GroupCommit<T> implements CommitQueue<T> {
  private queue: Pending<T>[] = []
  private idleWaiters: (() => void)[] = []
  private isScheduled = false
  private readonly counts: GroupCommitStats = {
    batches: 0,
    items: 0,
    failedBatches: 0,
    failedItems: 0,
  }
  private readonly keyOf: ((item: T) => string) | undefined
  private readonly budgetMs: number
  private readonly now: () => number
  /** Moving average of the ms one item took to commit. */
  private msPerItem = 0

  /**
   * @param commit Commits a batch atomically and synchronously, or throws having committed
   *   none of it.
   */
  constructor(
    private readonly commit: (items: readonly T[]) => void,
    options: GroupCommitOptions<T> = {},
  ) {
    this.budgetMs = options.budgetMs ?? 2
    this.now = options.now ?? (() => performance.now())
    this.keyOf = options.keyOf
  }

  /** Queues an item; the promise settles once its batch is committed (or has failed). */
  enqueue(item: T): Promise<void> {
    const promise = new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject })
    })
    this.schedule()
    return promise
  }

  /** Resolves once every item queued so far has settled, whether its batch committed or not. */
  whenIdle(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Commits everything queued, synchronously, in as many batches as it takes (on close). */
  commitQueued(): void {
    while (this.queue.length > 0) this.commitNext(this.queue.length)
    this.wakeIdleWaiters()
  }

  /** The scheduled tick: one batch within the budget; the rest waits for the next tick. */
  private tick(): void {
    this.commitNext(this.batchLimit())
    if (this.queue.length > 0) this.schedule()
    else this.wakeIdleWaiters()
  }

  private batchLimit(): number {
    if (this.msPerItem === 0) return this.queue.length
    return Math.max(MIN_BATCH_ITEMS, Math.floor(this.budgetMs / this.msPerItem))
  }

  private commitNext(limit: number): void {
    const batch = this.queue.splice(0, limit)
    if (batch.length === 0) return
    const started = this.now()
    this.commitBatch(batch)
    // Small batches are mostly the fixed cost of a commit: learning from them would make a
    // later burst of cheap items look costly and split it for nothing.
    if (batch.length < LEARN_FROM_ITEMS) return
    const perItem = (this.now() - started) / batch.length
    this.msPerItem = this.msPerItem === 0 ? perItem : 0.8 * this.msPerItem + 0.2 * perItem
  }

  private wakeIdleWaiters(): void {
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  get stats(): Readonly<GroupCommitStats> {
    return { ...this.counts }
  }

  private commitBatch(batch: readonly Pending<T>[]): void {
    try {
      this.commit(batch.map((pending) => pending.item))
    } catch (error) {
      // The batch was one transaction, so none of it is stored. One item may be the cause (a
      // bug), or all of them (a full disk): committing each alone tells which, and spares the
      // others' callers a failure that was not theirs.
      this.counts.failedBatches += 1
      if (batch.length === 1) this.failWithDependents(batch, error)
      else this.commitOneByOne(batch)
      return
    }
    this.counts.batches += 1
    this.counts.items += batch.length
    // Resolved in call order; promise reactions then run in that order too.
    for (const pending of batch) pending.resolve()
  }

  private commitOneByOne(batch: readonly Pending<T>[]): void {
    const failed = new Map<string, unknown>()
    for (const pending of batch) {
      const key = this.keyOf?.(pending.item)
      if (key !== undefined && failed.has(key)) {
        this.fail(pending, failed.get(key))
        continue
      }
      try {
        this.commit([pending.item])
      } catch (error) {
        if (key !== undefined) failed.set(key, error)
        this.fail(pending, error)
        continue
      }
      this.counts.batches += 1
      this.counts.items += 1
      pending.resolve()
    }
    this.failQueuedDependents(failed)
  }

  private failWithDependents(batch: readonly Pending<T>[], error: unknown): void {
    const failed = new Map<string, unknown>()
    for (const pending of batch) {
      const key = this.keyOf?.(pending.item)
      if (key !== undefined) failed.set(key, error)
      this.fail(pending, error)
    }
    this.failQueuedDependents(failed)
  }

  /** Queued items that depend on a failed one fail now, before a later batch could store them. */
  private failQueuedDependents(failed: ReadonlyMap<string, unknown>): void {
    if (failed.size === 0 || !this.keyOf) return
    const keyOf = this.keyOf
    const kept: Pending<T>[] = []
    for (const pending of this.queue) {
      const key = keyOf(pending.item)
      if (failed.has(key)) this.fail(pending, failed.get(key))
      else kept.push(pending)
    }
    this.queue = kept
  }

  private fail(pending: Pending<T>, error: unknown): void {
    this.counts.failedItems += 1
    pending.reject(error)
  }

  private schedule(): void {
    if (this.isScheduled) return
    this.isScheduled = true
    // setImmediate, not a microtask: it runs after the current tick's I/O callbacks, so writes
    // from every request handled in this tick join the batch.
    setImmediate(() => {
      this.isScheduled = false
      this.tick()
    })
  }
}
