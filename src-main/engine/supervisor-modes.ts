import type { SupervisorMode, Visibility } from '../../src-shared/domain'

/** monitor: invisible (VIP); coach: the agent sees it (INT); barge-in: everyone sees it (ALL). */
export const MODE_VISIBILITY: Record<SupervisorMode, Visibility> = {
  monitor: 'VIP',
  coach: 'INT',
  'barge-in': 'ALL',
}

const BREADTH: Record<Visibility, number> = { VIP: 0, INT: 1, ALL: 2 }

/** True when `a` reaches at least everyone `b` reaches. */
export function isAtLeastAsWide(a: Visibility, b: Visibility): boolean {
  return BREADTH[a] >= BREADTH[b]
}

/** The wider of two visibilities: the audience that has seen either. */
export function widerOf(a: Visibility, b: Visibility): Visibility {
  return isAtLeastAsWide(a, b) ? a : b
}
