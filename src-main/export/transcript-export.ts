/**
 * A transcript exported for one audience (docs/dashboard.md, "Transcript export"): exactly the
 * events that audience saw, numbered as it saw them, as plain text, a self-contained HTML page
 * or one JSON object. Formatting only: callers pass events already filtered by the one
 * visibility rule.
 */
import type {
  ChatEvent,
  CloseReason,
  Language,
  PartyType,
  Role,
  Visibility,
} from '../../src-shared/domain'

import { EXPORT_FORMATS, type ExportFormat } from '../../src-shared/console-api/dashboard'

export { EXPORT_FORMATS, type ExportFormat }

/** What an export says about its session. */
export interface ExportSession {
  sessionId: string
  application: string
  endpoint: string
  /** UTC ms. */
  startedAt: number
  closedAt: number | null
  closeReason: CloseReason | null
  language: Language | null
  /** Left out of a customer's export: the customer never saw the business data. */
  userData?: Record<string, string>
}

export interface ExportParty {
  partyId: string
  nickname: string
  type: PartyType
}

/** One line of the export. */
export interface ExportEvent {
  /** As the audience numbered it: 1, 2, 3 ... for customers and agents, session-wide for supervisors. */
  eventId: number
  time: string
  type: ChatEvent['type']
  nickname: string
  partyType: PartyType | null
  text: string
  visibility: Visibility
}

export interface TranscriptExport {
  audience: Role
  session: Omit<ExportSession, 'startedAt' | 'closedAt'> & {
    startedAt: string
    closedAt: string | null
  }
  events: ExportEvent[]
}

const CLOSE_SENTENCES: Record<CloseReason, string> = {
  'customer-left': 'Session closed: the customer left',
  'agent-closed': 'Session closed by an agent',
  idle: 'Session closed for inactivity',
  ttl: 'Session closed: the wait in the queue ran out',
}

const LEAVE_SENTENCES: Record<number, (nickname: string) => string> = {
  3: (nickname) => `${nickname} was disconnected (no longer polling)`,
  4: (nickname) => `${nickname} was removed`,
  5: (nickname) => `${nickname} was removed by the system`,
  7: (nickname) => `${nickname} left for inactivity`,
}

/** How one event reads in an export. */
function sentenceOf(event: ChatEvent, nickname: string): string {
  switch (event.type) {
    case 'message':
      return event.text
    case 'notice':
      if (event.noticeType === 'USER_PUSHED_URL') return `${nickname} pushed ${event.text}`
      if (event.noticeType === 'TYPING_STARTED') return `${nickname} is typing`
      if (event.noticeType === 'TYPING_STOPPED') return `${nickname} stopped typing`
      return event.text === '' ? event.noticeType : event.text
    case 'party-joined':
      return event.party.mode === 'monitor'
        ? `${nickname} is monitoring`
        : event.party.mode === 'coach'
          ? `${nickname} is coaching`
          : `${nickname} joined`
    case 'party-left':
      return (LEAVE_SENTENCES[event.reasonCode] ?? ((name: string) => `${name} left`))(nickname)
    case 'session-closed':
      return CLOSE_SENTENCES[event.reason]
  }
}

const iso = (time: number): string => new Date(time).toISOString()

/**
 * Builds the export of `events` (already only those `audience` may see, in order). Customers and
 * agents get them numbered 1, 2, 3 ... as they saw them: a gap would reveal a hidden event.
 */
export function buildTranscriptExport(
  audience: Role,
  session: ExportSession,
  parties: readonly ExportParty[],
  events: readonly ChatEvent[],
): TranscriptExport {
  const byId = new Map(parties.map((party) => [party.partyId, party]))
  for (const event of events)
    if (event.type === 'party-joined') byId.set(event.partyId, event.party)
  const { startedAt, closedAt, userData, ...rest } = session
  return {
    audience,
    session: {
      ...rest,
      startedAt: iso(startedAt),
      closedAt: closedAt === null ? null : iso(closedAt),
      ...(audience === 'customer' || userData === undefined ? {} : { userData }),
    },
    events: events.map((event, index) => {
      const party = byId.get(event.partyId)
      const nickname = party?.nickname ?? 'unknown'
      return {
        eventId: audience === 'supervisor' ? event.eventId : index + 1,
        time: iso(event.time),
        type: event.type,
        nickname,
        partyType: party?.type ?? null,
        text: sentenceOf(event, nickname),
        visibility: event.visibility,
      }
    }),
  }
}

const VISIBILITY_LABELS: Record<Visibility, string> = {
  ALL: '',
  INT: 'internal note',
  VIP: 'supervisors only',
}

export function toText(document: TranscriptExport): string {
  const { session } = document
  const header = [
    `Session ${session.sessionId} (${session.application}, ${session.endpoint})`,
    `Started ${session.startedAt}${session.closedAt ? `, closed ${session.closedAt}` : ''}`,
    `Transcript as the ${document.audience} saw it`,
    '',
  ]
  const lines = document.events.map((event) => {
    const label = VISIBILITY_LABELS[event.visibility]
    const who = event.type === 'message' ? `${event.nickname}: ` : '* '
    return `[${event.time}] ${label ? `(${label}) ` : ''}${who}${event.text}`
  })
  return `${[...header, ...lines].join('\n')}\n`
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  )
}

/** Inline styles only: the file opens offline, with nothing to fetch. */
const HTML_STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;
padding:0 1rem;color:#1b1b1b;background:#fff}h1{font-size:1.3rem}dl{display:grid;
grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}ol{list-style:none;
padding:0}li{padding:.4rem .6rem;border-left:4px solid #8a8a8a;margin:.3rem 0}
li.INT{border-color:#8a5a00;background:#fff6e0}li.VIP{border-color:#7a1f9c;background:#f6e8fb}
.meta{color:#555;font-size:.85rem}.label{font-weight:600;margin-right:.4rem}`

export function toHtml(document: TranscriptExport): string {
  const { session } = document
  const facts: [string, string][] = [
    ['Application', session.application],
    ['Queue', session.endpoint],
    ['Started', session.startedAt],
    ['Closed', session.closedAt ?? 'still open'],
    ['Language', session.language?.name ?? '-'],
    ['Audience', document.audience],
  ]
  const items = document.events.map((event) => {
    const label = VISIBILITY_LABELS[event.visibility]
    return `<li class="${event.visibility}"><div class="meta">${escapeHtml(event.time)} · ${escapeHtml(
      event.nickname,
    )}${event.partyType ? ` (${escapeHtml(event.partyType)})` : ''}</div>${
      label ? `<span class="label">${escapeHtml(label)}</span>` : ''
    }${escapeHtml(event.text)}</li>`
  })
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>Transcript ${escapeHtml(session.sessionId)}</title>`,
    `<style>${HTML_STYLE}</style></head><body><main>`,
    `<h1>Transcript of session ${escapeHtml(session.sessionId)}</h1>`,
    `<dl>${facts.map(([name, value]) => `<dt>${name}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`,
    `<ol>${items.join('')}</ol>`,
    '</main></body></html>',
    '',
  ].join('\n')
}

export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  txt: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json',
}

export function renderExport(document: TranscriptExport, format: ExportFormat): string {
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`
  return format === 'html' ? toHtml(document) : toText(document)
}
