/**
 * Counts work the harness started in the background (a customer's poll fired by a timer), so a
 * step can wait until all of it is done before time moves on.
 */
export class WorkTracker {
  private pending = 0
  private waiters: (() => void)[] = []
  /** Errors of background work, for the next step to report. */
  readonly errors: string[] = []

  get isBusy(): boolean {
    return this.pending > 0
  }

  /** Runs `work` in the background; a failure is kept in `errors`, never thrown. */
  track(what: string, work: () => Promise<unknown>): void {
    this.pending += 1
    work()
      .catch((error: unknown) => {
        this.errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`)
      })
      .finally(() => {
        this.pending -= 1
        if (this.pending > 0) return
        const waiters = this.waiters
        this.waiters = []
        for (const resolve of waiters) resolve()
      })
  }

  /** Resolves once nothing tracked is pending. */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }
}
