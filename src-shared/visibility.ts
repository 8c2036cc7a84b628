import type { ChatEvent, PartyType, Role, Visibility } from './domain'

/** The visibility table of docs/sessions.md: which audiences see an event of each visibility. */
const AUDIENCES: Record<Visibility, ReadonlySet<Role>> = {
  ALL: new Set(['customer', 'agent', 'supervisor']),
  INT: new Set(['agent', 'supervisor']),
  VIP: new Set(['supervisor']),
}

/** The one visibility rule: every read path (push, transcript, GMS, CometD, search) uses it. */
export function isVisibleTo(role: Role, visibility: Visibility): boolean {
  return AUDIENCES[visibility].has(role)
}

/** Keeps the events `role` may see, in order. */
export function visibleEvents<E extends Pick<ChatEvent, 'visibility'>>(
  role: Role,
  events: readonly E[],
): E[] {
  return events.filter((event) => isVisibleTo(role, event.visibility))
}

/** What each party type may send with (docs/sessions.md, "Parties"). */
const ALLOWED_VISIBILITIES: Record<PartyType, ReadonlySet<Visibility>> = {
  CLIENT: new Set(['ALL']),
  AGENT: new Set(['ALL', 'INT']),
  SUPERVISOR: new Set(['ALL', 'INT', 'VIP']),
  EXTERNAL: new Set(['ALL', 'INT', 'VIP']),
  SYSTEM: new Set(['ALL', 'INT', 'VIP']),
}

/** True when a party of `type` may send with `visibility` (docs/sessions.md, "Parties"). */
export function maySendWith(type: PartyType, visibility: Visibility): boolean {
  return ALLOWED_VISIBILITIES[type].has(visibility)
}

/** The role that reads a session as a party of this type sees it. */
export function roleOfPartyType(type: PartyType): Role {
  if (type === 'CLIENT') return 'customer'
  if (type === 'AGENT') return 'agent'
  return 'supervisor'
}

/** The visibilities `role` may see, for read paths that filter in a query. */
export function visibilitiesFor(role: Role): Visibility[] {
  return (Object.keys(AUDIENCES) as Visibility[]).filter((visibility) =>
    isVisibleTo(role, visibility),
  )
}
