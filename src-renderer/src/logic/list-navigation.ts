/** Keyboard movement in a list: ↑/↓ and j/k step, Home/End jump. */

const STEPS: Readonly<Record<string, number | 'first' | 'last'>> = {
  ArrowDown: 1,
  j: 1,
  ArrowUp: -1,
  k: -1,
  Home: 'first',
  End: 'last',
}

/** The index to move to from `index` in a list of `count` on `key`, or null for other keys. */
export function nextListIndex(key: string, index: number, count: number): number | null {
  const step = STEPS[key]
  if (step === undefined || count === 0) return null
  if (step === 'first') return 0
  if (step === 'last') return count - 1
  return Math.min(count - 1, Math.max(0, index + step))
}

/** The neighbour of `current` in `order` (Alt+↑/↓ between sessions); the first when none is open. */
export function neighbourId(
  order: readonly string[],
  current: string | null,
  direction: 1 | -1,
): string | null {
  if (order.length === 0) return null
  const index = current === null ? -1 : order.indexOf(current)
  if (index === -1) return direction === 1 ? (order[0] ?? null) : (order[order.length - 1] ?? null)
  return order[Math.min(order.length - 1, Math.max(0, index + direction))] ?? null
}
