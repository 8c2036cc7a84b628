/**
 * Each audience's view of a session is numbered 1, 2, 3 ... with no gap (docs/console-api.md: hidden
 * events leave no trace): supervisors see every event and know it by its event id; an agent and
 * the customer know an event by their own position of it (`EventPositions`), so a gap can never
 * reveal a VIP event or a monitoring supervisor.
 */
import type { ChatEvent, Role } from '../../src-shared/domain'
import type { EventNumbering, EventPositions } from './ports'

/** How `role` numbers events. */
export function numberingFor(role: Role): EventNumbering {
  return role === 'supervisor' ? 'event' : role
}

/** The id `role` knows the event by; undefined when it cannot see the event. */
export function idSeenBy(
  role: Role,
  event: ChatEvent,
  positions: EventPositions,
): number | undefined {
  if (role === 'supervisor') return event.eventId
  return positions[role] ?? undefined
}

/** The event as `role` sees it (its own number as `eventId`); undefined when hidden from it. */
export function eventSeenBy(
  role: Role,
  event: ChatEvent,
  positions: EventPositions,
): ChatEvent | undefined {
  const eventId = idSeenBy(role, event, positions)
  if (eventId === undefined) return undefined
  return eventId === event.eventId ? event : { ...event, eventId }
}
