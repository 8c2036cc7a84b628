/**
 * The idle-timer timeline of a session (console's idle panel, the harness): a bounded list of
 * what happened to its inactivity timer and why. It explains resets and non-resets in words a
 * strategy developer can act on ("typing ignored: include-notices=major"), so nobody has to
 * reverse-engineer the rules of docs/sessions.md from a transcript.
 */
import {
  MAX_IDLE_TIMELINE_ENTRIES,
  type IdleTimelineEntry,
  type IdleTimelineKind,
} from '../../src-shared/console-api/idle-timeline'
import type { ChatEvent, IdleSettings, NoticeType, Role } from '../../src-shared/domain'
import { isVisibleTo } from '../../src-shared/visibility'
import type { IdleVerdict } from './idle-activity'
import type { EventPositions, PartyRecord } from './ports'

/** How each user notice is named in the timeline. */
const NOTICE_WORDS: Partial<Record<NoticeType, string>> = {
  TYPING_STARTED: 'typing',
  TYPING_STOPPED: 'typing stopped',
  USER_PUSHED_URL: 'pushed URL',
  USER_CUSTOM: 'custom notice',
  USER_UPDATE_NICK: 'nickname update',
}

/** "message", "typing", "join": the event in one or two words. */
export function eventWord(event: ChatEvent): string {
  switch (event.type) {
    case 'party-joined':
      return 'join'
    case 'party-left':
      return 'leave'
    case 'message':
      return 'message'
    case 'notice':
      return NOTICE_WORDS[event.noticeType] ?? event.noticeType
    case 'session-closed':
      return 'close'
  }
}

/** What an event did to the timer, for the timeline; undefined when it is not worth a line. */
export interface EventEntry {
  kind: Extract<IdleTimelineKind, 'reset' | 'ignored' | 'not-running'>
  text: string
}

/**
 * The timeline line of an event. Nothing is recorded while idle control is disabled (there is no
 * timer to explain), for the server's own events (alerts and settings have their own lines), for
 * ignored events while no timer runs (nothing could have been reset), and for an agent's join
 * that is about to start the timers (the `started` line says so).
 */
export function describeEvent(
  event: ChatEvent,
  sender: PartyRecord | undefined,
  verdict: IdleVerdict,
  settings: IdleSettings,
  isRunning: boolean,
): EventEntry | undefined {
  if (!settings.enabled || sender?.type === 'SYSTEM') return undefined
  const word = eventWord(event)
  if (verdict.counts) {
    if (isRunning) return { kind: 'reset', text: `${word} reset the timer` }
    if (event.type === 'party-joined' && sender?.type === 'AGENT') return undefined
    return {
      kind: 'not-running',
      text: `${word} counts as activity, but no timer runs: no agent in the session`,
    }
  }
  if (!isRunning) return undefined
  switch (verdict.reason) {
    case 'visibility':
      return { kind: 'ignored', text: `${event.visibility} ${word} ignored` }
    case 'bot':
      return { kind: 'ignored', text: `bot ${word} ignored` }
    case 'include-notices':
      return {
        kind: 'ignored',
        text: `${word} ignored: include-notices=${settings.includeNotices}`,
      }
    default:
      return undefined
  }
}

/** Why the timers stopped, from the session's state after the change. */
export function stopReason(settings: IdleSettings, isOpen: boolean): string {
  if (!isOpen) return 'timers stopped: the session closed'
  if (!settings.enabled) return 'timers stopped: idle control disabled'
  return 'timers stopped: no agent left in the session'
}

/** An entry and, when an event caused it, that event's positions in each audience's view. */
export interface KeptEntry {
  entry: IdleTimelineEntry
  positions: EventPositions | undefined
}

/**
 * The entries `role` may see (an entry caused by a VIP event is for supervisors only), each
 * naming its event by the id `role` knows it by.
 */
export function entriesSeenBy(role: Role, kept: readonly KeptEntry[]): IdleTimelineEntry[] {
  const entries: IdleTimelineEntry[] = []
  for (const { entry, positions } of kept) {
    if (!isVisibleTo(role, entry.visibility)) continue
    if (entry.eventId === undefined || role === 'supervisor' || !positions) {
      entries.push(entry)
      continue
    }
    const eventId = positions[role]
    const rest = { ...entry }
    delete rest.eventId
    entries.push(eventId === null ? rest : { ...rest, eventId })
  }
  return entries
}

/** One session's timeline: the newest {@link MAX_IDLE_TIMELINE_ENTRIES} entries. */
export class IdleTimeline {
  private readonly entries: KeptEntry[] = []
  private dropped = 0

  add(entry: IdleTimelineEntry, positions?: EventPositions): void {
    this.entries.push({ entry, positions })
    if (this.entries.length > MAX_IDLE_TIMELINE_ENTRIES) {
      this.entries.shift()
      this.dropped += 1
    }
  }

  /**
   * The entries `role` may see (an entry caused by a VIP event is for supervisors only), each
   * naming its event by the id `role` knows it by.
   */
  read(role: Role): { entries: IdleTimelineEntry[]; droppedEntries: number } {
    return { entries: entriesSeenBy(role, this.entries), droppedEntries: this.dropped }
  }

  /** How many entries were ever added: a mark to ask for the ones added after it. */
  get mark(): number {
    return this.entries.length + this.dropped
  }

  /** The entries added since `mark` (those still kept). */
  since(mark: number): KeptEntry[] {
    return this.entries.slice(Math.max(0, mark - this.dropped))
  }
}

/**
 * Timelines of recently closed sessions, so the console can still explain why one closed. The
 * oldest is forgotten first once `capacity` are kept; closed sessions live in the store, and a
 * timeline is a diagnostic, not a record.
 */
export class RetainedTimelines {
  private readonly timelines = new Map<string, IdleTimeline>()

  constructor(private readonly capacity = 1000) {}

  keep(sessionId: string, timeline: IdleTimeline): void {
    this.timelines.set(sessionId, timeline)
    if (this.timelines.size > this.capacity) {
      const oldest = this.timelines.keys().next().value
      if (oldest !== undefined) this.timelines.delete(oldest)
    }
  }

  get(sessionId: string): IdleTimeline | undefined {
    return this.timelines.get(sessionId)
  }
}
