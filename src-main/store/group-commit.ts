/**
 * Group commit: everything queued in the same tick is committed together, so a burst of requests
 * pays for one fsync instead of one each, while every caller still waits for its own commit
 * (sessions.md, "Durability").
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
  /** Batches whose commit threw (their items were rejected). */
  failedBatches: number
}

export class GroupCommit<T> {
  private queue: Pending<T>[] = []
  private idleWaiters: (() => void)[] = []
  private isScheduled = false
  private readonly counts: GroupCommitStats = { batches: 0, items: 0, failedBatches: 0 }

  /**
   * @param commit Commits a batch atomically and synchronously, or throws having committed
   *   none of it.
   */
  constructor(private readonly commit: (items: readonly T[]) => void) {}

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

  /** Commits what is queued now, synchronously; used by the scheduled tick and on close. */
  commitQueued(): void {
    const batch = this.queue
    const waiters = this.idleWaiters
    this.queue = []
    this.idleWaiters = []
    if (batch.length > 0) this.commitBatch(batch)
    for (const resolve of waiters) resolve()
  }

  get stats(): Readonly<GroupCommitStats> {
    return { ...this.counts }
  }

  private commitBatch(batch: readonly Pending<T>[]): void {
    try {
      this.commit(batch.map((pending) => pending.item))
    } catch (error) {
      // The batch was one transaction, so none of it is stored: every caller learns it failed.
      this.counts.failedBatches += 1
      for (const pending of batch) pending.reject(error)
      return
    }
    this.counts.batches += 1
    this.counts.items += batch.length
    // Resolved in call order; promise reactions then run in that order too.
    for (const pending of batch) pending.resolve()
  }

  private schedule(): void {
    if (this.isScheduled) return
    this.isScheduled = true
    // setImmediate, not a microtask: it runs after the current tick's I/O callbacks, so writes
    // from every request handled in this tick join the batch.
    setImmediate(() => {
      this.isScheduled = false
      this.commitQueued()
    })
  }
}
