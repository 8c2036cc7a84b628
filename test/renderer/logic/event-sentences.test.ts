import { describe, expect, it } from 'vitest'
import type { ChatEvent, Party } from '../../../src-shared/domain'
import { describeEvent, partyLookup } from '../../../src-renderer/src/logic/event-sentences'
import { message, SESSION_ID } from '../fake-client'

const parties: Party[] = [
  { partyId: 'SYSTEM', nickname: 'system', type: 'SYSTEM', isPresent: true },
  { partyId: 'CLIENT', nickname: 'Ann', type: 'CLIENT', isPresent: true },
  { partyId: 'AGENT', nickname: 'Alex Agent', type: 'AGENT', userId: 'agent1', isPresent: true },
  { partyId: 'FLOW', nickname: 'workflow', type: 'EXTERNAL', isPresent: true },
]
const lookup = partyLookup(parties)
const base = { sessionId: SESSION_ID, eventId: 9, time: 0, timeShift: 0, visibility: 'ALL' }

function notice(noticeType: string, text: string, partyId = 'SYSTEM'): ChatEvent {
  return { ...base, partyId, type: 'notice', noticeType, text } as ChatEvent
}

describe('describeEvent', () => {
  it('keeps a message as it is, with nickname and party type', () => {
    const shown = describeEvent(message(1, 'Hello', { partyId: 'AGENT' }), lookup)
    expect(shown).toMatchObject({
      kind: 'message',
      text: 'Hello',
      nickname: 'Alex Agent',
      partyType: 'AGENT',
    })
  })

  it('reads a pushed URL as a sentence and offers the link', () => {
    const shown = describeEvent(notice('USER_PUSHED_URL', 'https://example.com/help'), lookup)
    expect(shown.text).toBe('system pushed https://example.com/help')
    expect(shown.link).toBe('https://example.com/help')
  })

  it('never offers a link that is not http or https', () => {
    const shown = describeEvent(notice('USER_PUSHED_URL', 'javascript:alert(1)', 'FLOW'), lookup)
    expect(shown.text).toBe('workflow pushed javascript:alert(1)')
    expect(shown.link).toBeNull()
  })

  it('says an idle alert was sent, with its text', () => {
    expect(describeEvent(notice('IDLE_CONTROL_ALERT', ''), lookup).text).toBe('Idle alert sent')
    expect(describeEvent(notice('IDLE_CONTROL_ALERT', 'Still there?'), lookup).text).toBe(
      'Idle alert sent: “Still there?”',
    )
  })

  it('shows the engine’s own sentence for a language switch', () => {
    const text = 'Language set to Français (fr-FR) by workflow'
    expect(describeEvent(notice('LANGUAGE_SET', text), lookup).text).toBe(text)
    expect(describeEvent(notice('LANGUAGE_SET', ''), lookup).text).toBe('Language changed')
  })

  it('marks typing notices as their own kind', () => {
    const shown = describeEvent(notice('TYPING_STARTED', '', 'CLIENT'), lookup)
    expect(shown).toMatchObject({ kind: 'typing', text: 'Ann started typing' })
  })

  it('names a supervisor’s join by its mode', () => {
    const join = (mode: 'monitor' | 'coach' | 'barge-in') =>
      ({
        ...base,
        partyId: 'SUP',
        type: 'party-joined',
        party: { partyId: 'SUP', nickname: 'Sam', type: 'SUPERVISOR', mode },
      }) as ChatEvent
    expect(describeEvent(join('monitor'), lookup).text).toBe('Sam is monitoring')
    expect(describeEvent(join('coach'), lookup).text).toBe('Sam is coaching')
    expect(describeEvent(join('barge-in'), lookup).text).toBe('Sam barged in')
  })

  it('explains why a customer left, naming who removed it', () => {
    const left = (reasonCode: number, askerId?: string) =>
      ({
        ...base,
        partyId: 'CLIENT',
        type: 'party-left',
        reasonCode,
        reasonText: '',
        ...(askerId ? { askerId } : {}),
      }) as ChatEvent
    expect(describeEvent(left(0), lookup).text).toBe('Ann left')
    expect(describeEvent(left(4, 'AGENT'), lookup).text).toBe('Ann was removed by Alex Agent')
    expect(describeEvent(left(7), lookup).text).toBe('Ann was removed for inactivity')
  })

  it('says why the session closed', () => {
    const closed = { ...base, partyId: 'SYSTEM', type: 'session-closed', reason: 'idle' }
    expect(describeEvent(closed as ChatEvent, lookup).text).toBe('Chat closed for inactivity')
  })

  it('shows an unknown party as unknown rather than failing', () => {
    expect(describeEvent(message(1, 'hi', { partyId: 'NOBODY' }), lookup).nickname).toBe('Unknown')
  })
})
