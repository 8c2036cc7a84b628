/**
 * Raise hand (docs/dashboard.md, "Raise hand"): an agent asks the supervisors for help on a
 * chat. Console-only: it never becomes a session event, so nothing of it reaches the customer.
 */

export interface HandPerson {
  userId: string
  name: string
}

export interface RaisedHand {
  sessionId: string
  raisedBy: HandPerson
  /** The agent's optional note to the supervisors ('' for none). */
  note: string
  /** UTC ms. */
  raisedAt: number
  /** The supervisor who picked it up; null while nobody has. */
  pickedUpBy: HandPerson | null
  pickedUpAt: number | null
}

/** Max length of a raised hand's note, in characters. */
export const MAX_HAND_NOTE_LENGTH = 1024

/** The raised hands the window may see: all of them for supervisors, its own for an agent. */
export interface RaisedHandsResult {
  hands: RaisedHand[]
}

export interface RaisedHandsPush {
  push: 'raised-hands'
  hands: RaisedHand[]
}

/** Agents signed in now, other than the caller: whom a chat may be transferred to. */
export interface AvailableAgentsResult {
  agents: HandPerson[]
}
