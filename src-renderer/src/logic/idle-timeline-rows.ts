/**
 * How the idle timeline reads: one row per entry, newest first, with its kind as a label and a
 * class from a lookup map (not colour alone), what caused it, who changed the settings, and the
 * phase the timer was in afterwards.
 */
import type {
  IdleTimelineEntry,
  IdleTimelineKind,
  IdleTimelineResult,
} from '../../../src-shared/console-api/idle-timeline'
import type { IdleSettings } from '../../../src-shared/domain'
import { messages } from '../messages'

export interface TimelineKindVariant {
  className: string
  label: string
}

const kinds = messages.idleTimeline.kinds

/** The label and class of each kind; related kinds share a colour. */
export const TIMELINE_KIND_VARIANTS = {
  reset: { className: 'tl-reset', label: kinds.reset },
  ignored: { className: 'tl-quiet', label: kinds.ignored },
  'not-running': { className: 'tl-quiet', label: kinds['not-running'] },
  started: { className: 'tl-started', label: kinds.started },
  stopped: { className: 'tl-quiet', label: kinds.stopped },
  alert: { className: 'tl-alert', label: kinds.alert },
  alert2: { className: 'tl-alert', label: kinds.alert2 },
  close: { className: 'tl-close', label: kinds.close },
  settings: { className: 'tl-settings', label: kinds.settings },
  restored: { className: 'tl-started', label: kinds.restored },
} as const satisfies Record<IdleTimelineKind, TimelineKindVariant>

/** One entry as the panel shows it. */
export interface TimelineRow {
  /** Stable across refreshes: the entry's position in the whole timeline. */
  key: number
  kind: IdleTimelineKind
  label: string
  className: string
  time: number
  text: string
  /** "event 12 · Ann (Customer)"; null for the timer's own entries. */
  cause: string | null
  /** "by Sam Supervisor" for a settings change. */
  by: string | null
  /** The phase right after the entry: "→ waiting for the first alert until 14:05:00". */
  after: string
  eventId: number | null
  /** Caused by a VIP event: only supervisors see it. */
  isSupervisorOnly: boolean
}

function causeOf(entry: IdleTimelineEntry): string | null {
  if (entry.eventId === undefined) return null
  if (entry.nickname === undefined) return messages.idleTimeline.causeEvent(entry.eventId)
  const type = entry.partyType ? messages.partyTypes[entry.partyType] : ''
  const who = type ? messages.idleTimeline.party(entry.nickname, type) : entry.nickname
  return messages.idleTimeline.cause(entry.eventId, who)
}

function afterOf(entry: IdleTimelineEntry, formatTime: (time: number) => string): string {
  const phase = messages.idleTimeline.phases[entry.phase]
  return entry.deadline === null
    ? messages.idleTimeline.after(phase)
    : messages.idleTimeline.afterUntil(phase, formatTime(entry.deadline))
}

/** The rows of a timeline, newest first; none before it is loaded. */
export function timelineRows(
  timeline: IdleTimelineResult | null,
  formatTime: (time: number) => string,
): TimelineRow[] {
  if (!timeline) return []
  const rows = timeline.entries.map((entry, index): TimelineRow => {
    const variant = TIMELINE_KIND_VARIANTS[entry.kind]
    return {
      key: timeline.droppedEntries + index,
      kind: entry.kind,
      label: variant.label,
      className: variant.className,
      time: entry.time,
      text: entry.text,
      cause: causeOf(entry),
      by: entry.by === undefined ? null : messages.idleTimeline.by(entry.by),
      after: afterOf(entry, formatTime),
      eventId: entry.eventId ?? null,
      isSupervisorOnly: entry.visibility === 'VIP',
    }
  })
  return rows.reverse()
}

/** The idle settings in one line: "On · include-notices=major · first alert after 255 s · …". */
export function settingsSummary(settings: IdleSettings): string {
  const text = messages.idleTimeline
  return text.settingsSummary(
    settings.enabled ? text.on : text.off,
    settings.includeNotices,
    settings.timeoutAlert,
    settings.timeoutAlert2,
    settings.timeoutClose,
  )
}

/**
 * Whether a fetched timeline may replace the one shown: always for another session, else only
 * when it is not older (a reply that overtook a later one must not roll the panel back).
 */
export function isNewerTimeline(
  shown: IdleTimelineResult | null,
  fetched: IdleTimelineResult,
): boolean {
  if (!shown || shown.sessionId !== fetched.sessionId) return true
  return fetched.serverTime >= shown.serverTime
}
