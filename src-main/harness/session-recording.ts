/**
 * Turns a live session into a scenario (docs/harness.md, "Record and replay"): the customer's, the
 * agents' and the supervisors' actions become steps at the times they happened (time anchors
 * from the session's start), and what each role saw becomes the final expectation. What the
 * server or a workflow did (greetings, idle alerts, closes for inactivity) is not a step: it is
 * what a replay checks, so replaying against a new strategy version shows what changed.
 */
import { stringify } from 'yaml'
import type {
  ChatEvent,
  Party,
  PartyType,
  SessionState,
  SessionSummary,
} from '../../src-shared/domain'
import { toTranscriptEntry } from '../gms/transcript'
import { formatDuration } from './durations'

/** A session as the store or the console has it: everything a recording needs. */
export interface SessionRecording {
  sessionId: string
  /** UTC ms. */
  startedAt: number
  state: SessionState
  closeReason: string | null
  userData: Readonly<Record<string, string>>
  parties: readonly Party[]
  /** Every event, in order (a supervisor's view). */
  events: readonly ChatEvent[]
}

/** A session as the console shows it (to a supervisor, or an agent), and its transcript. */
export function recordingFromSummary(
  summary: SessionSummary,
  events: readonly ChatEvent[],
): SessionRecording {
  return {
    sessionId: summary.sessionId,
    startedAt: Date.parse(summary.startedAt),
    state: summary.state,
    closeReason: summary.closeReason,
    userData: summary.userData,
    parties: summary.parties,
    events,
  }
}

/** Whose events a recording holds: a supervisor's are all of them, an agent's lack VIP. */
export type RecordingViewer = 'agent' | 'supervisor'

type StepObject = Record<string, unknown>

/** User data the customer's start fields become (docs/gms.md), and what the server adds itself. */
const START_FIELDS: Record<string, string> = {
  FirstName: 'firstName',
  LastName: 'lastName',
  EmailAddress: 'email',
  Subject: 'subject',
}
const SERVER_KEYS = new Set(['IsOnline', 'ChatServerAppName', 'GCTI_LanguageName'])

function customerStart(session: SessionRecording, nickname: string): StepObject {
  const start: StepObject = {}
  const userData: Record<string, string> = {}
  // The user data is as it is now: a language set during the chat is not the one it began with.
  const languageChanged = session.events.some(
    (event) => event.type === 'notice' && event.noticeType === 'LANGUAGE_SET',
  )
  for (const [key, value] of Object.entries(session.userData)) {
    const field = START_FIELDS[key]
    if (field) start[field] = value
    else if (key === 'GCTI_LanguageCode' && languageChanged) continue
    else if (!SERVER_KEYS.has(key)) userData[key] = value
  }
  const shown = [start.firstName, start.lastName].filter(Boolean).join(' ')
  if (nickname !== shown) start.nickname = nickname
  if (Object.keys(userData).length > 0) start.userData = userData
  return { customer: { start } }
}

/** The party-left events of a close and the session-closed after them: one action caused them. */
function closingBurst(events: readonly ChatEvent[]): Set<number> {
  const burst = new Set<number>()
  events.forEach((event, index) => {
    if (event.type !== 'session-closed') return
    burst.add(index)
    for (let before = index - 1; before >= 0; before--) {
      const previous = events[before]
      if (previous?.type !== 'party-left' || previous.time !== event.time) break
      burst.add(before)
    }
  })
  return burst
}

/** Builds the steps and the final expectation; `skipped` collects what cannot be replayed. */
class Recorder {
  readonly steps: StepObject[] = []
  readonly skipped: string[] = []
  private at = 0
  private readonly partyOf: (partyId: string) => Party | undefined
  /** The agent that accepted first: whose view the expectation reads. */
  agent: string | undefined
  supervisor: string | undefined

  /** Time 0 of the replay: the customer's join, which is what a scenario starts with. */
  private readonly base: number

  constructor(private readonly session: SessionRecording) {
    this.base = session.events[0]?.time ?? session.startedAt
    const parties = new Map(session.parties.map((party) => [party.partyId, party]))
    this.partyOf = (partyId) => parties.get(partyId)
  }

  private push(event: ChatEvent, step: StepObject): void {
    const offset = event.time - this.base
    if (offset > this.at) {
      this.steps.push({ wait: { until: formatDuration(offset) } })
      this.at = offset
    }
    this.steps.push(step)
  }

  private skip(event: ChatEvent, what: string): void {
    this.skipped.push(`#${event.eventId} at ${formatDuration(event.time - this.base)}: ${what}`)
  }

  record(): void {
    const { events } = this.session
    const burst = closingBurst(events)
    events.forEach((event, index) => {
      if (burst.has(index)) {
        if (event.type === 'session-closed') this.close(event, events, burst)
        return
      }
      this.event(event)
    })
  }

  private close(
    event: ChatEvent & { type: 'session-closed' },
    events: readonly ChatEvent[],
    burst: Set<number>,
  ) {
    const left = [...burst]
      .map((index) => events[index])
      .filter((each): each is ChatEvent & { type: 'party-left' } => each?.type === 'party-left')
    const byItself = left.find((each) => each.reasonCode === 0)
    const party = byItself ? this.partyOf(byItself.partyId) : undefined
    if (event.reason === 'agent-closed') {
      const id = party?.userId ?? this.agent
      this.push(event, { agent: { ...(id ? { id } : {}), close: true } })
    } else if (event.reason === 'customer-left' && party?.type === 'CLIENT') {
      this.push(event, { customer: { leave: true } })
    }
    // `idle` and `ttl`: the server closed it, which the replay must do by itself.
  }

  private actor(type: PartyType, party: Party): [string, StepObject] | undefined {
    if (type === 'CLIENT') return ['customer', {}]
    if (type === 'AGENT') return ['agent', party.userId ? { id: party.userId } : {}]
    if (type === 'SUPERVISOR') return ['supervisor', party.userId ? { id: party.userId } : {}]
    return undefined
  }

  private event(event: ChatEvent): void {
    if (event.type === 'party-joined') return this.joined(event)
    const party = this.partyOf(event.partyId)
    const acting = party ? this.actor(party.type, party) : undefined
    if (!party || !acting) return // a workflow's or the server's: the replay produces it
    const [role, base] = acting
    const act = (action: StepObject) => this.push(event, { [role]: { ...base, ...action } })
    switch (event.type) {
      case 'message':
        if (role === 'customer') return act({ say: event.text })
        if (event.visibility === 'INT' && !(role === 'supervisor' && party.mode === 'coach')) {
          return act({ note: event.text })
        }
        return act({ say: event.text })
      case 'notice':
        if (event.noticeType === 'TYPING_STARTED') return act({ typing: true })
        if (event.noticeType === 'TYPING_STOPPED') return act({ typing: false })
        if (event.noticeType === 'USER_PUSHED_URL' && role !== 'customer') {
          return act({ pushUrl: event.text })
        }
        return this.skip(event, `${party.nickname}'s ${event.noticeType} notice (${event.text})`)
      case 'party-left':
        if (event.reasonCode === 0) return act({ leave: true })
        return // removed by someone or by the server: their action is recorded, or it is the server's
      case 'session-closed':
        return
    }
  }

  private joined(event: ChatEvent & { type: 'party-joined' }): void {
    const party = this.partyOf(event.party.partyId) ?? { ...event.party, isPresent: false }
    if (party.type === 'CLIENT')
      return this.push(event, customerStart(this.session, party.nickname))
    if (party.type === 'AGENT') {
      if (this.agent !== undefined)
        return this.skip(event, `${party.nickname} joined as a second agent`)
      this.agent = party.userId
      return this.push(event, {
        agent: { ...(party.userId ? { id: party.userId } : {}), accept: true },
      })
    }
    if (party.type === 'SUPERVISOR') {
      this.supervisor ??= party.userId
      const mode = event.party.mode ?? 'monitor'
      return this.push(event, {
        supervisor: { ...(party.userId ? { id: party.userId } : {}), join: mode },
      })
    }
  }
}

const trimmed = (item: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(item).filter(([, value]) => value !== undefined && value !== ''),
  )

/** The customer's screen: the events it may see, up to its leaving on its own. */
function customerItems(session: SessionRecording, partyOf: (id: string) => Party | undefined) {
  const client = session.parties.find((party) => party.type === 'CLIENT')
  const seen: ChatEvent[] = []
  for (const event of session.events) {
    if (event.visibility !== 'ALL') continue
    seen.push(event)
    // A customer who left polls no more; one removed (by a close) still sees the close.
    if (
      event.type === 'party-left' &&
      event.partyId === client?.partyId &&
      event.reasonCode === 0
    ) {
      break
    }
  }
  const lookup = (partyId: string) => {
    const party = partyOf(partyId)
    return { nickname: party?.nickname ?? '', type: party?.type ?? ('SYSTEM' as const) }
  }
  return seen.map((event) => {
    const [type, nickname, text, at] = toTranscriptEntry(event, lookup)
    return { type, nickname, text, at: Number(at) }
  })
}

/** A console view's items: what identifies each event, without the role's own numbering. */
function consoleItems(events: readonly ChatEvent[], partyOf: (id: string) => Party | undefined) {
  return events.map((event) => {
    const party = event.type === 'party-joined' ? event.party : partyOf(event.partyId)
    return trimmed({
      type: event.type,
      visibility: event.visibility,
      nickname: party?.nickname,
      at: event.timeShift,
      ...(event.type === 'message' ? { text: event.text } : {}),
      ...(event.type === 'notice' ? { noticeType: event.noticeType } : {}),
      ...(event.type === 'party-left' ? { reasonCode: event.reasonCode } : {}),
      ...(event.type === 'session-closed' ? { reason: event.reason } : {}),
    })
  })
}

/**
 * The scenario of `session`, as YAML text a `switchboard run` accepts. Recorded from an agent's
 * view, it holds no VIP event and expects nothing of the supervisor's view.
 */
export function recordScenario(
  session: SessionRecording,
  viewer: RecordingViewer = 'supervisor',
): string {
  const recorder = new Recorder(session)
  recorder.record()
  const parties = new Map(session.parties.map((party) => [party.partyId, party]))
  const partyOf = (partyId: string) => parties.get(partyId)
  const [first] = session.events
  const last = session.events.at(-1)
  const end = first && last ? last.time - first.time : 0
  const expectation: StepObject = {
    ...(end > 0 ? { at: formatDuration(end) } : {}),
    state: session.state,
    ...(session.closeReason ? { closeReason: session.closeReason } : {}),
    customer: { events: customerItems(session, partyOf) },
    ...(recorder.agent
      ? {
          agent: {
            as: recorder.agent,
            events: consoleItems(
              session.events.filter((event) => event.visibility !== 'VIP'),
              partyOf,
            ),
          },
        }
      : {}),
    ...(viewer === 'supervisor'
      ? {
          supervisor: {
            ...(recorder.supervisor ? { as: recorder.supervisor } : {}),
            events: consoleItems(session.events, partyOf),
          },
        }
      : {}),
  }
  const notes = recorder.skipped.map((line) => `not replayed: ${line}`)
  const document = {
    name: `Recorded session ${session.sessionId}`,
    description: [
      `Recorded from session ${session.sessionId}, started ${new Date(session.startedAt).toISOString()}.`,
      'Attach the strategy to check under config.strategies; the last step expects what each role saw.',
      ...notes,
    ].join('\n'),
    config: {},
    steps: [...recorder.steps, { expect: expectation }],
  }
  return stringify(document, { lineWidth: 100, flowCollectionPadding: true })
}
