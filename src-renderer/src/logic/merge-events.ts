/**
 * Idempotent upserts of transcript events by `eventId` (docs/style.md: realtime updates are upserts by
 * id, stale ones dropped). Events never change once appended (docs/sessions.md), so an id already held
 * is simply dropped. Pages and pushes may arrive in any order and overlap.
 */
import type { ChatEvent } from '../../../src-shared/domain'

function sortedUnique(events: readonly ChatEvent[]): ChatEvent[] {
  const sorted = [...events].sort((a, b) => a.eventId - b.eventId)
  return sorted.filter(
    (event, index) => index === 0 || sorted[index - 1]?.eventId !== event.eventId,
  )
}

/**
 * `existing` (ascending by `eventId`) with the events of `incoming` it does not hold, still
 * ascending. Returns `existing` itself when nothing is new, so callers can skip the update.
 */
export function mergeEvents(
  existing: readonly ChatEvent[],
  incoming: readonly ChatEvent[],
): readonly ChatEvent[] {
  if (incoming.length === 0) return existing
  const fresh = sortedUnique(incoming)
  const first = existing[0]
  const last = existing[existing.length - 1]
  if (!first || !last) return fresh
  const freshFirst = fresh[0] as ChatEvent
  const freshLast = fresh[fresh.length - 1] as ChatEvent
  // The two usual cases, without a scan: a live push (newer) and an older page (before).
  if (freshFirst.eventId > last.eventId) return existing.concat(fresh)
  if (freshLast.eventId < first.eventId) return fresh.concat(existing)
  const merged: ChatEvent[] = []
  let i = 0
  let j = 0
  let added = 0
  while (i < existing.length || j < fresh.length) {
    const held = existing[i]
    const candidate = fresh[j]
    if (held && (!candidate || held.eventId <= candidate.eventId)) {
      if (candidate && candidate.eventId === held.eventId) j++
      merged.push(held)
      i++
    } else if (candidate) {
      merged.push(candidate)
      added++
      j++
    }
  }
  return added === 0 ? existing : merged
}

/** True when `events` (ascending by `eventId`) holds `eventId`; a binary search. */
export function holdsEvent(events: readonly ChatEvent[], eventId: number): boolean {
  let low = 0
  let high = events.length - 1
  while (low <= high) {
    const middle = (low + high) >> 1
    const id = (events[middle] as ChatEvent).eventId
    if (id === eventId) return true
    if (id < eventId) low = middle + 1
    else high = middle - 1
  }
  return false
}
