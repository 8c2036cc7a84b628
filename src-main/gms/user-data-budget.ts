import { GmsError } from './gms-errors'

/** 128 MiB of customer user data held in all (docs/gms.md, "Limits"). */
export const DEFAULT_MAX_USER_DATA_BYTES = 128 * 1024 * 1024

/** UTF-8 bytes of keys and values: what user data costs in memory, store and agent views. */
export function userDataBytes(userData: Readonly<Record<string, string>>): number {
  let bytes = 0
  for (const [key, value] of Object.entries(userData)) {
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value)
  }
  return bytes
}

/**
 * The user data GMS holds for customers, v1 services waiting for their chat and open chats of
 * both versions together. The per-chat caps alone would allow open sessions × 64 KiB; this
 * keeps the whole under one budget. Sessions restored after a restart are not counted.
 */
export class UserDataBudget {
  private held = 0
  private readonly bySession = new Map<string, number>()

  constructor(readonly maxBytes: number) {}

  get heldBytes(): number {
    return this.held
  }

  /** Takes `bytes` from the budget, or throws 503 `SessionLimitReached` and takes nothing. */
  reserve(bytes: number): void {
    if (this.held + bytes > this.maxBytes) {
      throw new GmsError(
        503,
        'SessionLimitReached',
        `The server holds its limit of ${this.maxBytes} bytes of user data: try again later`,
      )
    }
    this.held += bytes
  }

  release(bytes: number): void {
    this.held = Math.max(0, this.held - bytes)
  }

  /** Bytes reserved for a chat stay held until its session closes. */
  holdForSession(sessionId: string, bytes: number): void {
    this.bySession.set(sessionId, (this.bySession.get(sessionId) ?? 0) + bytes)
  }

  releaseSession(sessionId: string): void {
    const bytes = this.bySession.get(sessionId)
    if (bytes === undefined) return
    this.bySession.delete(sessionId)
    this.release(bytes)
  }

  /**
   * Reserves a new chat's user data around its creation: released again if creation fails,
   * else held for the session the creation returns.
   */
  async forNewSession<Result extends { sessionId: string }>(
    userData: Readonly<Record<string, string>>,
    create: () => Promise<Result>,
    /** Bytes of this data already held (a v1 service's business data), handed over. */
    alreadyHeld = 0,
  ): Promise<Result> {
    const bytes = userDataBytes(userData)
    const more = Math.max(0, bytes - alreadyHeld)
    this.reserve(more)
    try {
      const result = await create()
      this.holdForSession(result.sessionId, alreadyHeld + more)
      return result
    } catch (error) {
      this.release(more)
      throw error
    }
  }
}
