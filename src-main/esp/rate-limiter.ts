/**
 * Token buckets for the ESP request rate (docs/esp.md, "Limits"): one per WebSocket connection, one per
 * HTTP client address. Time comes from an injected `now()` so tests move it by hand.
 */

/** Requests per second, and how many may come at once after a quiet spell. */
export interface RateLimit {
  ratePerSecond: number
  burst: number
}

/** Milliseconds; `Date.now` in production, a variable in tests. */
export type Now = () => number

/** A bucket of `burst` tokens refilled at `ratePerSecond`; each request takes one. */
export class TokenBucket {
  private tokens: number
  private updatedAt: number

  constructor(
    private readonly limit: RateLimit,
    private readonly now: Now,
  ) {
    this.tokens = limit.burst
    this.updatedAt = now()
  }

  /** Takes a token: true when the request is within the rate. */
  tryTake(): boolean {
    this.refill()
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }

  /** True once the bucket has refilled completely (it may then be forgotten). */
  isFull(): boolean {
    this.refill()
    return this.tokens >= this.limit.burst
  }

  private refill(): void {
    const now = this.now()
    // A clock that steps back (NTP) must not drain the bucket.
    const elapsed = Math.max(0, now - this.updatedAt)
    this.tokens = Math.min(
      this.limit.burst,
      this.tokens + (elapsed * this.limit.ratePerSecond) / 1000,
    )
    this.updatedAt = now
  }
}

/** How often, in ms of `now()`, full buckets are dropped from a {@link RateLimiterPool}. */
const SWEEP_INTERVAL_MS = 60_000

/**
 * One bucket per key (an HTTP client address). A full bucket is the same as no bucket, so full
 * ones are swept now and then and the map stays as small as the set of busy callers.
 */
export class RateLimiterPool {
  private readonly buckets = new Map<string, TokenBucket>()
  private lastSweep: number

  constructor(
    private readonly limit: RateLimit,
    private readonly now: Now,
  ) {
    this.lastSweep = now()
  }

  /** Takes a token from `key`'s bucket: true when the request is within the rate. */
  tryTake(key: string): boolean {
    this.sweep()
    let bucket = this.buckets.get(key)
    if (!bucket) {
      bucket = new TokenBucket(this.limit, this.now)
      this.buckets.set(key, bucket)
    }
    return bucket.tryTake()
  }

  /** Number of callers with a bucket that is not full (for tests and diagnostics). */
  get size(): number {
    return this.buckets.size
  }

  private sweep(): void {
    if (this.now() - this.lastSweep < SWEEP_INTERVAL_MS) return
    this.lastSweep = this.now()
    for (const [key, bucket] of this.buckets) if (bucket.isFull()) this.buckets.delete(key)
  }
}
