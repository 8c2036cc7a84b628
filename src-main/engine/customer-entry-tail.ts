/**
 * The newest customer-visible events of an open session, by customer position, so a GMS poll
 * (v1 refresh, v2 refresh, a CometD notification) is answered from memory instead of SQL
 * (docs/benchmarks.md, `gms.refresh.rate`). Bounded: a long chat keeps only its newest entries
 * here, and a read from further back goes to the store, which holds them all.
 */
import type { ChatEvent } from '../../src-shared/domain'

/** Entries kept per open session: a typical chat fits whole; 5,000 long ones stay in bounds. */
export const CUSTOMER_TAIL_ENTRIES = 64

export class CustomerEntryTail {
  private entries: ChatEvent[] = []
  /** The customer position of `entries[0]`. */
  private firstPosition = 1

  constructor(private readonly capacity = CUSTOMER_TAIL_ENTRIES) {}

  /** A committed event the customer sees, at its customer position. */
  append(event: ChatEvent, position: number): void {
    if (position !== this.firstPosition + this.entries.length) {
      // Not the next one (the tail starts after a restart): keep only what follows on.
      this.entries = []
      this.firstPosition = position
    }
    this.entries.push(event)
    if (this.entries.length > this.capacity) {
      this.entries.shift()
      this.firstPosition += 1
    }
  }

  /**
   * The entries from `position` to the newest; undefined when the tail does not reach back that
   * far (read the store instead).
   */
  from(position: number): ChatEvent[] | undefined {
    if (this.entries.length === 0 || position < this.firstPosition) return undefined
    return this.entries.slice(position - this.firstPosition)
  }
}
