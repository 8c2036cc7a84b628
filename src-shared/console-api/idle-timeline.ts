/**
 * The idle-timer timeline of a session: why the inactivity timer was reset or not, when it
 * started, stopped and expired, and who changed its settings. The engine records it per open
 * session (bounded) and keeps it a while after the close; the console's `idleTimeline` method
 * and the harness read it. Plain data, role filtered in the main process.
 */
import type { IdlePhase, IdleSettings, IdleStatus, PartyType, Visibility } from '../domain'

/** What a timeline entry records. */
export const IDLE_TIMELINE_KINDS = [
  /** An event counted as activity: the timer went back to the start of `timeout-alert`. */
  'reset',
  /** An event that does not count (INT/VIP, a bot, a notice `include-notices` leaves out). */
  'ignored',
  /** An event that counts, while no timer runs (no agent in the session yet). */
  'not-running',
  /** The timers started (idle control on and an agent present). */
  'started',
  /** The timers stopped (disabled, no agent left, session closed). */
  'stopped',
  /** `timeout-alert` expired: the first alert was posted. */
  'alert',
  /** `timeout-alert2` expired: the second alert was posted. */
  'alert2',
  /** `timeout-close` expired: the session was closed for inactivity (customer code 7). */
  'close',
  /** The session's idle settings changed (`by` names who). */
  'settings',
  /** The server restarted: running timers started again from the restart. */
  'restored',
] as const
/** One of {@link IDLE_TIMELINE_KINDS}. */
export type IdleTimelineKind = (typeof IDLE_TIMELINE_KINDS)[number]

/** One line of the timeline. */
export interface IdleTimelineEntry {
  /** UTC ms on the engine's clock. */
  time: number
  kind: IdleTimelineKind
  /** A sentence: "typing ignored: include-notices=major", "message reset the timer". */
  text: string
  /** The event that caused this entry, if one did. */
  eventId?: number
  /** Nickname and type of the party whose event caused it. */
  nickname?: string
  partyType?: PartyType
  /** Who changed the settings (`settings` entries): "workflow", a supervisor's name. */
  by?: string
  /** The phase and its deadline (UTC ms) right after this entry. */
  phase: IdlePhase
  deadline: number | null
  /**
   * Who may see this entry: the visibility of the causing event (a VIP event's entry is shown to
   * supervisors only, so the timeline betrays no hidden event), INT for the others.
   */
  visibility: Visibility
}

/** The timeline of one session as the caller's role may see it. */
export interface IdleTimelineResult {
  sessionId: string
  /** The engine's clock (UTC ms), for the countdown to `status.deadline`. */
  serverTime: number
  /** The current phase and deadline (`off` once closed). */
  status: IdleStatus
  /** The session's effective idle settings now. */
  settings: IdleSettings
  /** Oldest first. */
  entries: IdleTimelineEntry[]
  /** Entries dropped off the front of a long timeline (the engine keeps the newest ones). */
  droppedEntries: number
  /** The last settings change the caller may see: who and when; null if none. */
  lastSettingsChange: { by: string; time: number; text: string } | null
}

/** Most entries the engine keeps per session; older ones are dropped (and counted). */
export const MAX_IDLE_TIMELINE_ENTRIES = 200

/** `phase` of an entry, spelt for people ("waiting for the first alert"). */
export const IDLE_PHASE_TEXTS: Record<IdlePhase, string> = {
  off: 'no timer running',
  alert: 'waiting for the first alert',
  alert2: 'waiting for the second alert',
  close: 'waiting to close',
}
