import { describe, expect, it } from 'vitest'
import type { ChatEvent, Party } from '../../../src-shared/domain'
import {
  CONSOLE_FIELDS,
  FAILURE_FIELDS,
  GMS_FIELDS,
  TIMELINE_FIELDS,
} from '../../../src-main/harness/view-fields'
import { eventItem, failureItems, gmsItems, timelineItems } from '../../../src-main/harness/views'

const base = { sessionId: 'S000000000000001', time: 0, timeShift: 0, partyId: 'P1' }
const EVERY_EVENT: ChatEvent[] = [
  {
    ...base,
    eventId: 1,
    visibility: 'ALL',
    type: 'party-joined',
    party: { partyId: 'P2', nickname: 'Sam', type: 'SUPERVISOR', mode: 'coach' },
  },
  { ...base, eventId: 2, visibility: 'ALL', type: 'party-left', reasonCode: 0, reasonText: 'left' },
  { ...base, eventId: 3, visibility: 'INT', type: 'message', text: 'Hi', messageType: 'x' },
  { ...base, eventId: 4, visibility: 'ALL', type: 'notice', noticeType: 'USER_CUSTOM', text: '' },
  { ...base, eventId: 5, visibility: 'ALL', type: 'session-closed', reason: 'idle' },
]
const party: Party = { partyId: 'P1', nickname: 'Ann', type: 'CLIENT', isPresent: true }

// The schema accepts only these fields in item matchers: an item field missing from the list
// could never be matched, one listed but never produced would always be "(no such field)".
describe('the fields item matchers may name', () => {
  it('are exactly those the views produce', () => {
    const consoleKeys = new Set(
      EVERY_EVENT.flatMap((event) => Object.keys(eventItem(event, () => party))),
    )
    const gmsKeys = Object.keys(gmsItems([['Message.Text', 'Ann', 'Hi', '0', 'CLIENT']])[0] ?? {})
    const timelineKeys = Object.keys(
      timelineItems(
        {
          sessionId: 'S000000000000001',
          entries: [
            {
              kind: 'alert',
              text: 'x',
              phase: 'close',
              deadline: 1,
              time: 0,
              by: 'a',
              nickname: 'n',
              eventId: 1,
            },
          ],
        } as never,
        0,
      )[0] ?? {},
    )
    const failureKeys = Object.keys(
      failureItems([
        { file: '/a.ts', line: 1, column: 2, sessionId: 'S', endpoint: 'e', message: 'm' },
      ])[0] ?? {},
    )

    expect([...consoleKeys].sort()).toEqual([...CONSOLE_FIELDS].sort())
    expect(gmsKeys.sort()).toEqual([...GMS_FIELDS].sort())
    expect(timelineKeys.sort()).toEqual([...TIMELINE_FIELDS].sort())
    expect(failureKeys.sort()).toEqual([...FAILURE_FIELDS].sort())
  })
})
