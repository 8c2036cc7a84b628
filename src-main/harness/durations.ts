/**
 * Durations as scenarios write them (`90s`, `5m`, `1h30m`, `250ms`, or a bare number of seconds)
 * and as reports print them.
 */

const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const
const PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|h|m|s))+$/

/** Milliseconds of a duration, or undefined when `value` is not one. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined
  if (typeof value !== 'string') return undefined
  const text = value.replace(/\s+/g, '')
  if (!WHOLE.test(text)) return undefined
  let total = 0
  for (const [, amount, unit] of text.matchAll(PART)) {
    total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS]
  }
  return Math.round(total)
}

/** `1h2m3s`, `45s`, `1.5s`, `250ms`, `0s`; negative durations get a leading minus. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 0) return `-${formatDuration(-milliseconds)}`
  if (milliseconds < 1000 && milliseconds > 0) return `${milliseconds}ms`
  const hours = Math.floor(milliseconds / 3_600_000)
  const minutes = Math.floor((milliseconds % 3_600_000) / 60_000)
  const seconds = (milliseconds % 60_000) / 1000
  const parts = [
    hours > 0 ? `${hours}h` : '',
    minutes > 0 ? `${minutes}m` : '',
    seconds > 0 || (hours === 0 && minutes === 0) ? `${seconds}s` : '',
  ]
  return parts.join('')
}
