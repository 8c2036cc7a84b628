/**
 * How a transcript event reads (docs/console-api.md, "Transcript presentation"): messages keep their text;
 * everything else becomes a sentence from the lookup maps of the messages module ("system pushed
 * https://...", "Idle alert sent", "Alex joined").
 */
import { isHttpUrl } from '../../../src-shared/console-api/constants'
import {
  REASON_CODES,
  type ChatEvent,
  type Party,
  type PartyLeftEvent,
  type PartyType,
  type SupervisorMode,
} from '../../../src-shared/domain'
import { messages } from '../messages'

/** Who a party is, as far as the transcript needs to know. */
export interface PartyDescription {
  nickname: string
  type: PartyType
  mode?: SupervisorMode
}

export type PartyLookup = (partyId: string) => PartyDescription | undefined

/** Looks parties up in a session summary's party list. */
export function partyLookup(parties: readonly Party[] | undefined): PartyLookup {
  const byId = new Map<string, PartyDescription>()
  for (const party of parties ?? []) byId.set(party.partyId, party)
  return (partyId) => byId.get(partyId)
}

/** Selects the CSS variant and layout of an item. */
export const EVENT_KINDS = ['message', 'notice', 'typing', 'join', 'leave', 'closed'] as const
export type EventKind = (typeof EVENT_KINDS)[number]

export interface EventPresentation {
  kind: EventKind
  nickname: string
  partyType: PartyType | null
  /** A message's text, or the sentence that describes any other event. */
  text: string
  /** A pushed address the user may open (http or https only); null otherwise. */
  link: string | null
}

function leaveSentence(event: PartyLeftEvent, actor: string, lookup: PartyLookup): string {
  const { leaves } = messages
  switch (event.reasonCode) {
    case REASON_CODES.protocolInactivity:
      return leaves.protocolInactivity(actor)
    case REASON_CODES.removedByParty: {
      const asker = event.askerId ? lookup(event.askerId)?.nickname : undefined
      return leaves.removedBy(actor, asker ?? leaves.anotherParty)
    }
    case REASON_CODES.removedBySystem:
      return leaves.removedBySystem(actor)
    case REASON_CODES.sessionInactivity:
      return leaves.sessionInactivity(actor)
    default:
      return leaves.left(actor)
  }
}

const TYPING_NOTICES: ReadonlySet<string> = new Set(['TYPING_STARTED', 'TYPING_STOPPED'])

/** Everything an item shows about `event`, with `lookup` naming its party. */
export function describeEvent(event: ChatEvent, lookup: PartyLookup): EventPresentation {
  const party = event.type === 'party-joined' ? event.party : lookup(event.partyId)
  const nickname = party?.nickname ?? messages.transcript.unknownParty
  const base = { nickname, partyType: party?.type ?? null, link: null }
  switch (event.type) {
    case 'message':
      return { ...base, kind: 'message', text: event.text }
    case 'notice': {
      const text = messages.notices[event.noticeType](nickname, event.text)
      const isLink = event.noticeType === 'USER_PUSHED_URL' && isHttpUrl(event.text)
      const kind = TYPING_NOTICES.has(event.noticeType) ? 'typing' : 'notice'
      return { ...base, kind, text, link: isLink ? event.text : null }
    }
    case 'party-joined': {
      const sentence = messages.joins[event.party.mode ?? 'plain']
      return { ...base, kind: 'join', text: sentence(nickname) }
    }
    case 'party-left':
      return { ...base, kind: 'leave', text: leaveSentence(event, nickname, lookup) }
    case 'session-closed':
      return { ...base, kind: 'closed', text: messages.closed[event.reason] }
  }
}
