import type { Clock, TimerHandle } from '../engine/ports'

interface Watched {
  lastActivityAt: number
  timer: TimerHandle
}

/**
 * Flex disconnect (docs/gms.md, "CometD"): a customer whose client makes no request, REST or Bayeux,
 * for the timeout while its chat is open is removed with reason code 3. Activity only records a
 * time; the single timer per chat re-arms itself when it fires early, so a busy client costs no
 * timer churn.
 */
export class ProtocolInactivityWatch<Chat extends object> {
  private readonly watched = new Map<Chat, Watched>()

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    /** True while a request of the chat's client is still open (a held `/meta/connect`). */
    private readonly isRequestOpen: (chat: Chat) => boolean,
    private readonly onInactive: (chat: Chat) => void,
  ) {}

  watch(chat: Chat): void {
    if (this.watched.has(chat)) return
    const now = this.clock.now()
    this.watched.set(chat, { lastActivityAt: now, timer: this.arm(chat, now + this.timeoutMs) })
  }

  touch(chat: Chat): void {
    const entry = this.watched.get(chat)
    if (entry) entry.lastActivityAt = this.clock.now()
  }

  unwatch(chat: Chat): void {
    const entry = this.watched.get(chat)
    if (!entry) return
    this.clock.clearTimer(entry.timer)
    this.watched.delete(chat)
  }

  isWatching(chat: Chat): boolean {
    return this.watched.has(chat)
  }

  close(): void {
    for (const entry of this.watched.values()) this.clock.clearTimer(entry.timer)
    this.watched.clear()
  }

  private arm(chat: Chat, at: number): TimerHandle {
    return this.clock.setTimer(at, () => this.check(chat))
  }

  private check(chat: Chat): void {
    const entry = this.watched.get(chat)
    if (!entry) return
    const now = this.clock.now()
    // A long poll in progress is a client that is still there, however long it is held.
    if (this.isRequestOpen(chat)) entry.lastActivityAt = now
    const deadline = entry.lastActivityAt + this.timeoutMs
    if (now < deadline) {
      entry.timer = this.arm(chat, deadline)
      return
    }
    this.watched.delete(chat)
    this.onInactive(chat)
  }
}
