import type { UserNoticeType, Visibility } from '../../src-shared/domain'
import {
  MAX_TEXT_LENGTH as MAX_TEXT_CHARACTERS,
  tooLongProblem,
} from '../../src-shared/text-limits'
import { maySendWith } from '../../src-shared/visibility'
import type { SessionWrite } from './chat-session'
import { EngineError } from './engine-error'
import type { PartyRecord } from './ports'
import { isAtLeastAsWide, MODE_VISIBILITY } from './supervisor-modes'

/** What a message or notice carries, from whichever party sends it. */
export type Content =
  | { kind: 'message'; text: string; messageType?: string }
  | { kind: 'notice'; noticeType: UserNoticeType; text: string }

/** Longest message or notice text (docs/esp.md, docs/gms.md), in characters (code points). */
export const MAX_TEXT_LENGTH = MAX_TEXT_CHARACTERS

/** A message needs a text; no text may exceed `MAX_TEXT_LENGTH`. */
export function validateContent(content: Content): void {
  const parameter = content.kind === 'message' ? 'MessageText' : 'NoticeText'
  if (content.kind === 'message' && content.text.length === 0) {
    throw new EngineError('missing-parameter', 'A message needs a text', parameter)
  }
  const problem = tooLongProblem(parameter, content.text, MAX_TEXT_LENGTH)
  if (problem !== undefined) throw new EngineError('invalid-parameter', problem, parameter)
}

/**
 * The visibility a party's message goes out with. The SYSTEM party is the server's own voice and
 * no request may speak as it. A supervisor's default is its mode's audience; it may narrow that,
 * never widen it (a monitoring supervisor must not reveal itself by accident).
 */
export function sendingVisibility(
  party: PartyRecord,
  requested: Visibility | undefined,
): Visibility {
  if (party.type === 'SYSTEM') {
    throw new EngineError('forbidden', 'No request may send as the SYSTEM party')
  }
  const modeVisibility = party.mode ? MODE_VISIBILITY[party.mode] : 'ALL'
  const visibility = requested ?? modeVisibility
  if (!maySendWith(party.type, visibility)) {
    throw new EngineError(
      'forbidden',
      `A ${party.type} party may not send with visibility ${visibility}`,
      'Visibility',
    )
  }
  if (party.type === 'SUPERVISOR' && !isAtLeastAsWide(modeVisibility, visibility)) {
    throw new EngineError(
      'forbidden',
      `A supervisor in ${party.mode} mode may not send with visibility ${visibility}; switch to barge-in first`,
      'Visibility',
    )
  }
  return visibility
}

/** Appends the `message` or `notice` event of `content`. */
export function appendContent(
  write: SessionWrite,
  party: PartyRecord,
  content: Content,
  visibility: Visibility,
): void {
  const base = { partyId: party.partyId, visibility }
  if (content.kind === 'message') {
    const messageType = content.messageType ? { messageType: content.messageType } : {}
    write.append({ ...base, type: 'message', text: content.text, ...messageType })
  } else {
    write.append({ ...base, type: 'notice', noticeType: content.noticeType, text: content.text })
  }
}
