/** Reconnect delays: exponential, capped, with jitter so that many windows do not retry in step. */

export interface BackoffOptions {
  /** Delay after the first failure. */
  initialMs: number
  maxMs: number
  factor: number
  /** Fraction of the delay added or taken away at random (0.2: ±20 %). */
  jitter: number
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 500,
  maxMs: 15_000,
  factor: 2,
  jitter: 0.2,
}

/** How long to wait after `failures` failed attempts in a row (1 for the first failure). */
export function backoffDelay(
  failures: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, failures - 1)
  const base = Math.min(options.maxMs, options.initialMs * options.factor ** exponent)
  const spread = base * options.jitter * (random() * 2 - 1)
  return Math.max(0, Math.round(base + spread))
}
