/**
 * Keeps the answers to requests on the same session in the order of the requests (docs/esp.md,
 * "Transport"). The engine commits in call order, but a fault is known at once while an earlier
 * request on the same session may still wait for its commit; without this the fault would
 * overtake the earlier answer.
 */
export class AnswerSequencer<T> {
  /** Per session: settles once the latest answer queued for it has been delivered. */
  private readonly tails = new Map<string, Promise<void>>()

  constructor(
    private readonly deliver: (answer: T) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /**
   * Delivers `answer` once it settles and every answer pushed before it for the same `key` has
   * been delivered. Answers without a key (no session named) are delivered as soon as they settle.
   */
  push(key: string | undefined, answer: Promise<T>): void {
    if (key === undefined) {
      answer.then(this.deliver).catch(this.onError)
      return
    }
    const previous = this.tails.get(key)
    const ready = previous ? Promise.all([previous, answer]).then(([, value]) => value) : answer
    const tail = ready.then(this.deliver).catch(this.onError)
    this.tails.set(key, tail)
    void tail.then(() => {
      // Forget the session once its queue has drained, so the map holds only busy sessions.
      if (this.tails.get(key) === tail) this.tails.delete(key)
    })
  }

  /** Sessions with answers still waiting (for tests and diagnostics). */
  get pendingSessions(): number {
    return this.tails.size
  }
}
