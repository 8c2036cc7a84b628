import { randomBytes } from 'node:crypto'
import type { IdSource } from './ports'

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** Random ids: 16 alphanumerics for sessions (≈95 bits), 16 upper-case hex for parties. */
export class RandomIdSource implements IdSource {
  sessionId(): string {
    // 62 does not divide 256: reject bytes ≥ 248 so every character is equally likely.
    let id = ''
    while (id.length < 16) {
      for (const byte of randomBytes(24)) {
        if (byte < 248 && id.length < 16) id += ALPHANUMERIC[byte % 62]
      }
    }
    return id
  }

  partyId(): string {
    return randomBytes(8).toString('hex').toUpperCase()
  }
}

/** Predictable ids for tests and the harness: `0000000000000001`-style, per kind. */
export class SequentialIdSource implements IdSource {
  private sessions = 0
  private parties = 0

  sessionId(): string {
    this.sessions += 1
    return `S${this.sessions.toString().padStart(15, '0')}`
  }

  partyId(): string {
    this.parties += 1
    return this.parties.toString(16).toUpperCase().padStart(16, '0')
  }
}
