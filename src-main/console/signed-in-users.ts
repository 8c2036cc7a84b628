/**
 * Who is signed in to a console window right now: the dashboard's "agents signed in". A user
 * with several windows counts once; it is gone when its last window closes or signs in as
 * someone else.
 */
import type { ConsoleUser } from '../../src-shared/console-api'

export class SignedInUsers {
  private readonly byWindow = new Map<object, ConsoleUser>()
  private readonly listeners = new Set<() => void>()

  set(window: object, user: ConsoleUser | undefined): void {
    if (user) this.byWindow.set(window, user)
    else this.byWindow.delete(window)
    for (const listener of this.listeners) listener()
  }

  /** Each signed-in agent once, by user id. */
  agents(): ConsoleUser[] {
    const agents = new Map<string, ConsoleUser>()
    for (const user of this.byWindow.values()) if (user.role === 'agent') agents.set(user.id, user)
    return [...agents.values()]
  }

  /** Calls `listener` after every sign-in or sign-out; returns the undo. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
