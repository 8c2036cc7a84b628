import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  CLOSE_REASONS,
  NOTICE_TYPES,
  PARTY_TYPES,
  SUPERVISOR_MODES,
  VISIBILITIES,
  type ChatEvent,
  type NewChatEvent,
} from '../../../src-shared/domain'
import { openStore, type SqlitePersistence } from '../../../src-main/store'
import { changeWith, numberEvents, sessionRecord } from './store-fixtures'

const ALL_VISIBILITIES = [...VISIBILITIES]

/** One of each event type, and each optional field both present and absent. */
const EVERY_KIND_OF_EVENT: NewChatEvent[] = [
  {
    type: 'party-joined',
    partyId: '00000000000000C1',
    visibility: 'ALL',
    party: { partyId: '00000000000000C1', nickname: 'Ada', type: 'CLIENT' },
  },
  {
    type: 'party-joined',
    partyId: '00000000000000B1',
    visibility: 'VIP',
    party: {
      partyId: '00000000000000B1',
      nickname: 'Sup',
      type: 'SUPERVISOR',
      userId: 'supervisor1',
      mode: 'monitor',
    },
  },
  { type: 'message', partyId: '00000000000000C1', visibility: 'ALL', text: 'Hello' },
  {
    type: 'message',
    partyId: '00000000000000A1',
    visibility: 'INT',
    text: 'internal note: héllo 👋 日本語',
    messageType: 'note',
  },
  { type: 'message', partyId: '00000000000000C1', visibility: 'ALL', text: '' },
  {
    type: 'notice',
    partyId: '00000000000000C1',
    visibility: 'ALL',
    noticeType: 'USER_PUSHED_URL',
    text: 'https://example.com/?q=100%_off',
  },
  {
    type: 'notice',
    partyId: '00000000000000C1',
    visibility: 'ALL',
    noticeType: 'TYPING_STARTED',
    text: '',
  },
  {
    type: 'party-left',
    partyId: '00000000000000C1',
    visibility: 'ALL',
    reasonCode: 4,
    reasonText: 'removed by agent',
    askerId: '00000000000000A1',
  },
  {
    type: 'party-left',
    partyId: '00000000000000A1',
    visibility: 'ALL',
    reasonCode: 0,
    reasonText: '',
  },
  {
    type: 'session-closed',
    partyId: '0000000000000000',
    visibility: 'ALL',
    reason: 'agent-closed',
  },
]

describe('event round-trip', () => {
  let persistence: SqlitePersistence
  beforeEach(() => {
    persistence = openStore(':memory:').persistence
  })
  afterEach(() => persistence.close())

  it('reads back every event type exactly as written, with absent optionals left absent', async () => {
    const session = sessionRecord()
    const events = numberEvents(session.sessionId, EVERY_KIND_OF_EVENT)
    await persistence.write(changeWith(session, events))

    const page = persistence.readEvents(session.sessionId, { visibilities: ALL_VISIBILITIES })
    expect(page).toStrictEqual({ events, hasMore: false })
    const message = page.events.find((event) => event.type === 'message')
    expect(message).not.toHaveProperty('messageType')
  })

  it('stores only the fields of the event type, not extra properties of the objects passed', async () => {
    const session = sessionRecord()
    const party = { partyId: '00000000000000C1', nickname: 'Ada', type: 'CLIENT', isPresent: true }
    const [joined] = numberEvents(session.sessionId, [
      { type: 'party-joined', partyId: party.partyId, visibility: 'ALL', party } as NewChatEvent,
    ])
    await persistence.write(changeWith(session, [joined!]))

    const [stored] = persistence.readEvents(session.sessionId, { visibilities: ['ALL'] }).events
    expect(stored).toStrictEqual({
      ...joined,
      party: { partyId: '00000000000000C1', nickname: 'Ada', type: 'CLIENT' },
    })
  })

  it('stores a lone surrogate in a text as U+FFFD, keeping the column valid UTF-8', async () => {
    const session = sessionRecord()
    const events = numberEvents(session.sessionId, [
      { type: 'message', partyId: '00000000000000C1', visibility: 'ALL', text: 'a\ud800b' },
    ])
    await persistence.write(changeWith(session, events))
    const [stored] = persistence.readEvents(session.sessionId, { visibilities: ['ALL'] }).events
    expect(stored).toMatchObject({ text: 'a\ufffdb' })
  })

  it('round-trips arbitrary events', async () => {
    let round = 0
    await fc.assert(
      fc.asyncProperty(fc.array(newChatEvent(), { minLength: 1, maxLength: 20 }), async (news) => {
        round += 1
        const session = sessionRecord({ sessionId: `Prop${String(round).padStart(12, '0')}` })
        const events = numberEvents(session.sessionId, news)
        await persistence.write(changeWith(session, events))
        const page = persistence.readEvents(session.sessionId, { visibilities: ALL_VISIBILITIES })
        expect(page.events).toStrictEqual(events)
      }),
      { numRuns: 50 },
    )
  })
})

/** Well-formed Unicode text: the store's texts are UTF-8, which cannot carry lone surrogates. */
const text = fc.string({ unit: 'grapheme', maxLength: 40 })
const id = fc.stringMatching(/^[0-9A-F]{16}$/)

function optional<T>(key: string, arbitrary: fc.Arbitrary<T>): fc.Arbitrary<Record<string, T>> {
  return fc
    .option(arbitrary, { nil: undefined })
    .map((value) => (value === undefined ? {} : { [key]: value }))
}

function newChatEvent(): fc.Arbitrary<NewChatEvent> {
  const base = { partyId: id, visibility: fc.constantFrom(...VISIBILITIES) }
  const partyInfo = fc
    .tuple(
      fc.record({ partyId: id, nickname: text, type: fc.constantFrom(...PARTY_TYPES) }),
      optional('userId', text),
      optional('mode', fc.constantFrom(...SUPERVISOR_MODES)),
    )
    .map(([party, userId, mode]) => ({ ...party, ...userId, ...mode }))
  const arbitraries: fc.Arbitrary<
    Omit<ChatEvent, 'sessionId' | 'eventId' | 'time' | 'timeShift'>
  >[] = [
    fc.record({ ...base, type: fc.constant('party-joined' as const), party: partyInfo }),
    fc
      .tuple(
        fc.record({
          ...base,
          type: fc.constant('party-left' as const),
          reasonCode: fc.integer({ min: 0, max: 7 }),
          reasonText: text,
        }),
        optional('askerId', id),
      )
      .map(([event, askerId]) => ({ ...event, ...askerId })),
    fc
      .tuple(
        fc.record({ ...base, type: fc.constant('message' as const), text }),
        optional('messageType', text),
      )
      .map(([event, messageType]) => ({ ...event, ...messageType })),
    fc.record({
      ...base,
      type: fc.constant('notice' as const),
      noticeType: fc.constantFrom(...NOTICE_TYPES),
      text,
    }),
    fc.record({
      ...base,
      type: fc.constant('session-closed' as const),
      reason: fc.constantFrom(...CLOSE_REASONS),
    }),
  ]
  return fc.oneof(...arbitraries) as fc.Arbitrary<NewChatEvent>
}
