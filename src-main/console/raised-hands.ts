/**
 * The raised hands of the floor (docs/dashboard.md, "Raise hand"), shared by every console
 * window of one service. A hand belongs to a chat: raising it again replaces the note; it goes
 * away when lowered or when the chat closes. Kept in memory on purpose: a hand is a live request
 * to whoever is on duty, not part of the transcript, and so never reaches the customer.
 */
import type { ConsoleUser, HandPerson, RaisedHand } from '../../src-shared/console-api'
import type { ChatEngine } from '../engine/chat-engine'
import type { Clock } from '../engine/ports'

const person = (user: ConsoleUser): HandPerson => ({ userId: user.id, name: user.name })

export class RaisedHands {
  private readonly hands = new Map<string, RaisedHand>()
  private readonly listeners = new Set<() => void>()

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    engine?: ChatEngine,
  ) {
    // A closed chat needs no help any more.
    engine?.bus.subscribe('supervisor', (update) => {
      if (update.state === 'closed' && this.hands.delete(update.sessionId)) this.changed()
    })
  }

  raise(sessionId: string, by: ConsoleUser, note: string): void {
    this.hands.set(sessionId, {
      sessionId,
      raisedBy: person(by),
      note,
      raisedAt: this.clock.now(),
      pickedUpBy: null,
      pickedUpAt: null,
    })
    this.changed()
  }

  /** Marks the hand picked up by `by`; false when the chat has no raised hand. */
  pickUp(sessionId: string, by: ConsoleUser): boolean {
    const hand = this.hands.get(sessionId)
    if (!hand) return false
    this.hands.set(sessionId, { ...hand, pickedUpBy: person(by), pickedUpAt: this.clock.now() })
    this.changed()
    return true
  }

  lower(sessionId: string): boolean {
    const isRemoved = this.hands.delete(sessionId)
    if (isRemoved) this.changed()
    return isRemoved
  }

  get(sessionId: string): RaisedHand | undefined {
    return this.hands.get(sessionId)
  }

  /** The hands `user` may see, oldest first: all for a supervisor, its own for an agent. */
  visibleTo(user: ConsoleUser): RaisedHand[] {
    return [...this.hands.values()]
      .filter((hand) => user.role === 'supervisor' || hand.raisedBy.userId === user.id)
      .sort((a, b) => a.raisedAt - b.raisedAt)
  }

  all(): RaisedHand[] {
    return [...this.hands.values()].sort((a, b) => a.raisedAt - b.raisedAt)
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private changed(): void {
    for (const listener of this.listeners) listener()
  }
}
