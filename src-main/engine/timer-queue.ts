import type { TimerHandle } from './ports'

interface QueuedTimer {
  handle: TimerHandle
  at: number
  /** Insertion order: timers due at the same instant fire in the order they were set. */
  sequence: number
  callback: () => void
}

/**
 * A min-heap of timers ordered by deadline, then by insertion. Both clocks use it, so the
 * virtual clock and the real one fire timers in exactly the same order.
 */
export class TimerQueue {
  private heap: QueuedTimer[] = []
  private readonly live = new Map<number, QueuedTimer>()
  private nextId = 1
  private nextSequence = 1

  get size(): number {
    return this.live.size
  }

  add(at: number, callback: () => void): TimerHandle {
    const handle = { id: this.nextId++ }
    const timer = { handle, at, sequence: this.nextSequence++, callback }
    this.live.set(handle.id, timer)
    this.heap.push(timer)
    this.siftUp(this.heap.length - 1)
    return handle
  }

  /** Cancelled timers stay in the heap and are skipped when they surface (cheap cancel). */
  remove(handle: TimerHandle): void {
    this.live.delete(handle.id)
    if (this.heap.length > 64 && this.heap.length > 4 * this.live.size) this.compact()
  }

  /** Deadline of the earliest live timer, or undefined. */
  peekDeadline(): number | undefined {
    this.dropCancelledHead()
    return this.heap[0]?.at
  }

  /** Removes and returns the earliest live timer due at or before `now`. */
  popDue(now: number): { at: number; callback: () => void } | undefined {
    this.dropCancelledHead()
    const head = this.heap[0]
    if (!head || head.at > now) return undefined
    this.popHead()
    this.live.delete(head.handle.id)
    return head
  }

  private dropCancelledHead(): void {
    while (this.heap.length > 0 && !this.live.has(this.heap[0]!.handle.id)) this.popHead()
  }

  private compact(): void {
    this.heap = [...this.live.values()]
    for (let index = (this.heap.length >> 1) - 1; index >= 0; index--) this.siftDown(index)
  }

  private popHead(): void {
    const last = this.heap.pop()!
    if (this.heap.length > 0) {
      this.heap[0] = last
      this.siftDown(0)
    }
  }

  private isBefore(a: QueuedTimer, b: QueuedTimer): boolean {
    return a.at < b.at || (a.at === b.at && a.sequence < b.sequence)
  }

  private siftUp(index: number): void {
    const heap = this.heap
    while (index > 0) {
      const parent = (index - 1) >> 1
      if (!this.isBefore(heap[index]!, heap[parent]!)) return
      ;[heap[index], heap[parent]] = [heap[parent]!, heap[index]!]
      index = parent
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap
    for (;;) {
      const left = 2 * index + 1
      const right = left + 1
      let smallest = index
      if (left < heap.length && this.isBefore(heap[left]!, heap[smallest]!)) smallest = left
      if (right < heap.length && this.isBefore(heap[right]!, heap[smallest]!)) smallest = right
      if (smallest === index) return
      ;[heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!]
      index = smallest
    }
  }
}
