import { afterEach, describe, expect, it } from 'vitest'
import type {
  ChatEvent,
  IdleSettings,
  IncludeNotices,
  UserNoticeType,
} from '../../../src-shared/domain'
import { INCLUDE_NOTICES, USER_NOTICE_TYPES } from '../../../src-shared/domain'
import type { IdleChange } from '../../../src-shared/idle-settings'
import { IdleControlTimer, type RunningPhase } from '../../../src-main/engine/idle-control'
import { VirtualClock } from '../../../src-main/engine/clock'
import { DEFAULT_IDLE_SETTINGS } from '../../../src-shared/idle-settings'
import {
  APP_TEXTS,
  FRENCH_TEXTS,
  createTestEngine,
  noticesOf,
  otherApplication,
  seconds,
  startActiveChat,
  startChat,
  testApplication,
  transcript,
  type TestEngine,
  type TestEngineOptions,
} from '../../helpers/engine'

let harness: TestEngine

function setUp(options: TestEngineOptions = {}): TestEngine {
  harness = createTestEngine(options)
  return harness
}

afterEach(async () => {
  await harness?.close()
})

const change = (changes: Partial<IdleSettings>, resetParameters = false): IdleChange => ({
  resetParameters,
  changes,
})

/** The idle notices and closing events, as `[timeShift, what]` pairs, for readable assertions. */
function idleTimeline(events: readonly ChatEvent[]): [number, string][] {
  const timeline: [number, string][] = []
  for (const event of events) {
    if (event.type === 'notice' && event.noticeType.startsWith('IDLE_CONTROL_')) {
      if (event.noticeType !== 'IDLE_CONTROL_SET')
        timeline.push([event.timeShift, event.noticeType])
    } else if (event.type === 'session-closed') {
      timeline.push([event.timeShift, `closed:${event.reason}`])
    }
  }
  return timeline
}

function timelineOf(sessionId: string): [number, string][] {
  return idleTimeline(transcript(harness.engine, sessionId, 'supervisor'))
}

describe('idle control: the default 255 + 45 s path', () => {
  it('posts the first alert exactly at timeout-alert (255 s), visible to everyone', async () => {
    const { engine, advance } = setUp()
    const { sessionId } = await startActiveChat(engine)
    await advance(seconds(254))
    expect(noticesOf(engine, sessionId, 'IDLE_CONTROL_ALERT')).toEqual([])
    await advance(seconds(1))
    const [alert] = noticesOf(engine, sessionId, 'IDLE_CONTROL_ALERT')
    expect(alert).toMatchObject({ timeShift: 255, visibility: 'ALL', text: APP_TEXTS.messageAlert })
    expect(transcript(engine, sessionId, 'customer').at(-1)).toEqual(alert)
    expect(engine.getSession(sessionId, 'agent')?.idleStatus).toEqual({
      phase: 'close',
      phaseStartedAt: harness.clock.now(),
      deadline: harness.clock.now() + seconds(45),
    })
  })

  it('closes the session after timeout-close with reason 7', async () => {
    const { engine, advance } = setUp()
    const { sessionId, customerPartyId, agentPartyId } = await startActiveChat(engine)
    const system = engine.getSession(sessionId, 'supervisor')!.parties[0]!
    await advance(seconds(299))
    expect(engine.getSession(sessionId, 'agent')?.state).toBe('active')
    await advance(seconds(1))

    const tail = transcript(engine, sessionId, 'customer').slice(-4)
    expect(tail).toMatchObject([
      {
        type: 'notice',
        noticeType: 'IDLE_CONTROL_CLOSE',
        text: APP_TEXTS.messageClose,
        partyId: system.partyId,
        timeShift: 300,
      },
      { type: 'party-left', partyId: customerPartyId, reasonCode: 7 },
      { type: 'party-left', partyId: agentPartyId },
      { type: 'session-closed', reason: 'idle', visibility: 'ALL', timeShift: 300 },
    ])
    const summary = engine.getSession(sessionId, 'agent')!
    expect(summary).toMatchObject({ state: 'closed', closeReason: 'idle' })
    expect(summary.userData.IsOnline).toBe('0')
    expect(summary.idleStatus.phase).toBe('off')
    expect(harness.clock.pendingTimers).toBe(0)
  })

  it('refuses commands on a session idle control closed', async () => {
    const { engine, advance } = setUp()
    const { sessionId, agentPartyId } = await startActiveChat(engine)
    await advance(seconds(300))
    await expect(
      engine.send(sessionId, { partyId: agentPartyId, content: { kind: 'message', text: 'hi' } }),
    ).rejects.toMatchObject({ name: 'EngineError', code: 'session-closed' })
  })

  it('closes when only the agent is left, with no party-left for the gone customer', async () => {
    const { engine, advance } = setUp()
    const { sessionId, customerPartyId, agentPartyId } = await startActiveChat(engine)
    await engine.leave(sessionId, customerPartyId)
    await advance(seconds(300))
    const lefts = transcript(engine, sessionId, 'supervisor').filter((e) => e.type === 'party-left')
    expect(lefts.map((e) => e.partyId)).toEqual([customerPartyId, agentPartyId])
    expect(lefts[0]).toMatchObject({ reasonCode: 0 })
    expect(engine.getSession(sessionId, 'agent')?.closeReason).toBe('idle')
  })
})

describe('idle control: per application', () => {
  it('runs each session with the defaults of its own application', async () => {
    const quick = testApplication({
      idleDefaults: { ...testApplication().idleDefaults, timeoutAlert: 10, timeoutClose: 5 },
    })
    const { engine, advance } = setUp({ applications: [quick, otherApplication()] })
    const fast = await startActiveChat(engine)
    const other = await engine.createSession({ customerNickname: 'Bo', endpoint: 'other_queue' })
    await engine.joinAgent(other.sessionId, { userId: 'agent1', nickname: 'Alex' })
    await advance(seconds(3600))
    expect(timelineOf(fast.sessionId)).toEqual([
      [10, 'IDLE_CONTROL_ALERT'],
      [15, 'IDLE_CONTROL_CLOSE'],
      [15, 'closed:idle'],
    ])
    expect(timelineOf(other.sessionId)).toEqual([])
  })
})

describe('idle control: a failing store', () => {
  it('logs, rather than throws, when an idle notice cannot be committed', async () => {
    const errors: string[] = []
    const { engine, advance, persistence } = setUp({
      logger: { info() {}, warn() {}, error: (message) => errors.push(message) },
    })
    await startActiveChat(engine)
    persistence.close()
    await advance(seconds(255))
    expect(errors).toEqual(['idle control could not commit'])
  })
})

describe('idle control: the second alert', () => {
  it('posts alert, alert2 and close at 255, 255 + alert2 and then + close', async () => {
    const { engine, advance } = setUp({ idle: { timeoutAlert2: 30 } })
    const { sessionId } = await startActiveChat(engine)
    await advance(seconds(1000))
    expect(timelineOf(sessionId)).toEqual([
      [255, 'IDLE_CONTROL_ALERT'],
      [285, 'IDLE_CONTROL_ALERT'],
      [330, 'IDLE_CONTROL_CLOSE'],
      [330, 'closed:idle'],
    ])
    const texts = noticesOf(engine, sessionId, 'IDLE_CONTROL_ALERT').map((n) => n.text)
    expect(texts).toEqual([APP_TEXTS.messageAlert, APP_TEXTS.messageAlert2])
  })

  it('reports the alert2 phase while waiting for the second alert', async () => {
    const { engine, advance } = setUp({ idle: { timeoutAlert2: 30 } })
    const { sessionId } = await startActiveChat(engine)
    await advance(seconds(260))
    expect(engine.getSession(sessionId, 'agent')?.idleStatus).toMatchObject({
      phase: 'alert2',
      deadline: harness.clock.now() + seconds(25),
    })
  })
})

describe('idle control: activity', () => {
  it('returns to the start of timeout-alert on a customer message', async () => {
    const { engine, advance } = setUp()
    const { sessionId, customerPartyId } = await startActiveChat(engine)
    await advance(seconds(200))
    await engine.send(sessionId, {
      partyId: customerPartyId,
      content: { kind: 'message', text: 'still here' },
    })
    await advance(seconds(1000))
    expect(timelineOf(sessionId)).toEqual([
      [455, 'IDLE_CONTROL_ALERT'],
      [500, 'IDLE_CONTROL_CLOSE'],
      [500, 'closed:idle'],
    ])
  })

  it('returns to timeout-alert when activity comes after the alert', async () => {
    const { engine, advance } = setUp({ idle: { timeoutAlert2: 30 } })
    const { sessionId, agentPartyId } = await startActiveChat(engine)
    await advance(seconds(270))
    await engine.send(sessionId, {
      partyId: agentPartyId,
      content: { kind: 'message', text: 'are you there?' },
    })
    await advance(seconds(255))
    expect(timelineOf(sessionId)).toEqual([
      [255, 'IDLE_CONTROL_ALERT'],
      [525, 'IDLE_CONTROL_ALERT'],
    ])
    expect(engine.getSession(sessionId, 'agent')?.idleStatus.phase).toBe('alert2')
  })

  it('counts a party joining and leaving as activity', async () => {
    const { engine, advance } = setUp()
    const { sessionId } = await startActiveChat(engine)
    await advance(seconds(100))
    const { partyId } = await engine.joinAgent(sessionId, { userId: 'agent2', nickname: 'Bo' })
    await advance(seconds(100))
    await engine.leave(sessionId, partyId)
    await advance(seconds(254))
    expect(timelineOf(sessionId)).toEqual([])
    await advance(seconds(1))
    expect(timelineOf(sessionId)).toEqual([[455, 'IDLE_CONTROL_ALERT']])
  })

  it('does not count INT notes, VIP messages or a monitoring supervisor', async () => {
    const { engine, advance } = setUp()
    const { sessionId, agentPartyId } = await startActiveChat(engine)
    await advance(seconds(50))
    await engine.send(sessionId, {
      partyId: agentPartyId,
      content: { kind: 'message', text: 'internal note' },
      visibility: 'INT',
    })
    const supervisor = await engine.joinSupervisor(sessionId, {
      userId: 'supervisor1',
      nickname: 'Sam',
      mode: 'monitor',
    })
    await engine.send(sessionId, {
      partyId: supervisor.partyId,
      content: { kind: 'message', text: 'watching' },
    })
    await engine.sendAsExternal(sessionId, {
      nickname: 'workflow',
      visibility: 'VIP',
      content: { kind: 'message', text: 'routing note' },
    })
    await engine.sendAsExternal(sessionId, {
      nickname: 'workflow',
      visibility: 'INT',
      content: { kind: 'notice', noticeType: 'USER_PUSHED_URL', text: 'https://example.com' },
    })
    await advance(seconds(205))
    expect(timelineOf(sessionId)).toEqual([[255, 'IDLE_CONTROL_ALERT']])
  })

  it('does not count messages from a bot, though its join counts', async () => {
    const { engine, advance } = setUp()
    const { sessionId } = await startActiveChat(engine)
    await advance(seconds(10))
    const botMessage = { kind: 'message', text: 'I am a bot' } as const
    await engine.sendAsExternal(sessionId, {
      nickname: 'helper-bot',
      visibility: 'ALL',
      isBot: true,
      content: botMessage,
    })
    await advance(seconds(200))
    await engine.sendAsExternal(sessionId, {
      nickname: 'helper-bot',
      visibility: 'ALL',
      content: botMessage,
    })
    await advance(seconds(55))
    expect(timelineOf(sessionId)).toEqual([[265, 'IDLE_CONTROL_ALERT']])
    expect(
      engine.getSession(sessionId, 'agent')?.parties.find((p) => p.type === 'EXTERNAL'),
    ).toMatchObject({ nickname: 'helper-bot', isBot: true })
  })

  it('counts a message from a workflow that is not a bot', async () => {
    const { engine, advance } = setUp()
    const { sessionId } = await startActiveChat(engine)
    await engine.sendAsExternal(sessionId, {
      nickname: 'workflow',
      visibility: 'INT',
      content: { kind: 'message', text: 'joining quietly' },
    })
    await advance(seconds(200))
    await engine.sendAsExternal(sessionId, {
      nickname: 'workflow',
      visibility: 'ALL',
      content: { kind: 'message', text: 'hello everyone' },
    })
    await advance(seconds(255))
    expect(timelineOf(sessionId)).toEqual([[455, 'IDLE_CONTROL_ALERT']])
  })

  it('does not count the idle notices themselves', async () => {
    const { engine, advance } = setUp({ idle: { includeNotices: 'all', timeoutAlert2: 10 } })
    const { sessionId } = await startActiveChat(engine)
    await advance(seconds(310))
    expect(timelineOf(sessionId)).toEqual([
      [255, 'IDLE_CONTROL_ALERT'],
      [265, 'IDLE_CONTROL_ALERT'],
      [310, 'IDLE_CONTROL_CLOSE'],
      [310, 'closed:idle'],
    ])
  })
})

describe('idle control: include-notices decides which notices count', () => {
  const COUNTED: Record<IncludeNotices, readonly UserNoticeType[]> = {
    none: [],
    major: ['USER_PUSHED_URL'],
    major2: ['USER_PUSHED_URL', 'USER_CUSTOM'],
    typing: ['USER_PUSHED_URL', 'TYPING_STARTED'],
    all: USER_NOTICE_TYPES,
  }
  const cases = INCLUDE_NOTICES.flatMap((includeNotices) =>
    USER_NOTICE_TYPES.map((noticeType) => ({
      includeNotices,
      noticeType,
      counts: COUNTED[includeNotices].includes(noticeType),
    })),
  )

  it.each(cases)(
    'include-notices $includeNotices: an ALL $noticeType counts as activity: $counts',
    async ({ includeNotices, noticeType, counts }) => {
      const { engine, advance } = setUp({ idle: { includeNotices } })
      const { sessionId, customerPartyId } = await startActiveChat(engine)
      await advance(seconds(200))
      const text = noticeType === 'USER_PUSHED_URL' ? 'https://example.com/help' : ''
      await engine.send(sessionId, {
        partyId: customerPartyId,
        content: { kind: 'notice', noticeType, text },
      })
      await advance(seconds(55))
      expect(noticesOf(engine, sessionId, 'IDLE_CONTROL_ALERT')).toHaveLength(counts ? 0 : 1)
      await advance(seconds(200))
      expect(noticesOf(engine, sessionId, 'IDLE_CONTROL_ALERT')).toHaveLength(1)
    },
  )

  it.each(USER_NOTICE_TYPES)('an INT %s never counts, even under all', async (noticeType) => {
    const { engine, advance } = setUp({ idle: { includeNotices: 'all' } })
    const { sessionId, agentPartyId } = await startActiveChat(engine)
    await advance(seconds(200))
    await engine.send(sessionId, {
      partyId: agentPartyId,
      visibility: 'INT',
      content: { kind: 'notice', noticeType, text: 'https://example.com' },
    })
    await advance(seconds(55))
    expect(noticesOf(engine, sessionId, 'IDLE_CONTROL_ALERT')).toHaveLength(1)
  })

  it('applies a live change of include-notices to the next notice', async () => {
    const { engine, advance } = setUp()
    const { sessionId, customerPartyId } = await startActiveChat(engine)
    await engine.configureIdle(sessionId, {
      change: change({ includeNotices: 'typing' }),
      by: 'workflow',
    })
    await advance(seconds(200))
    await engine.send(sessionId, {
      partyId: customerPartyId,
      content: { kind: 'notice', noticeType: 'TYPING_STARTED', text: '' },
    })
    await advance(seconds(254))
    expect(timelineOf(sessionId)).toEqual([])
  })
})

describe('idle control: timers need an agent', () => {
  it('never closes a queued session, however long it waits', async () => {
    const { engine, advance, clock } = setUp()
    const { sessionId } = await startChat(engine)
    await advance(seconds(86_400))
    expect(engine.getSession(sessionId, 'agent')).toMatchObject({
      state: 'queued',
      idleStatus: { phase: 'off', deadline: null },
    })
    expect(transcript(engine, sessionId, 'supervisor')).toHaveLength(1)
    expect(clock.pendingTimers).toBe(0)
  })

  it('stops the timers when the last agent leaves and starts them when one joins', async () => {
    const { engine, advance } = setUp()
    const { sessionId, agentPartyId } = await startActiveChat(engine)
    await advance(seconds(100))
    await engine.leave(sessionId, agentPartyId)
    await advance(seconds(1000))
    expect(timelineOf(sessionId)).toEqual([])
    expect(engine.getSession(sessionId, 'agent')?.state).toBe('active')
    await engine.joinAgent(sessionId, { userId: 'agent2', nickname: 'Bo' })
    await advance(seconds(255))
    expect(timelineOf(sessionId)).toEqual([[1355, 'IDLE_CONTROL_ALERT']])
  })

  it('does not start for a monitoring supervisor alone', async () => {
    const { engine, advance } = setUp()
    const { sessionId } = await startChat(engine)
    await engine.joinSupervisor(sessionId, { userId: 'sup1', nickname: 'Sam', mode: 'barge-in' })
    await advance(seconds(1000))
    expect(timelineOf(sessionId)).toEqual([])
  })
})

describe('idle control: live changes of the timeouts', () => {
  async function activeAt(elapsedSeconds: number, idle: Partial<IdleSettings> = {}) {
    const { engine, advance } = setUp({ idle })
    const chat = await startActiveChat(engine)
    await advance(seconds(elapsedSeconds))
    return chat
  }

  async function configure(sessionId: string, changes: Partial<IdleSettings>) {
    await harness.engine.configureIdle(sessionId, { change: change(changes), by: 'supervisor Sam' })
  }

  it('moves the alert earlier when timeout-alert shrinks', async () => {
    const { sessionId } = await activeAt(50)
    await configure(sessionId, { timeoutAlert: 100 })
    await harness.advance(seconds(49))
    expect(timelineOf(sessionId)).toEqual([])
    await harness.advance(seconds(1))
    expect(timelineOf(sessionId)).toEqual([[100, 'IDLE_CONTROL_ALERT']])
  })

  it('moves the alert later when timeout-alert grows', async () => {
    const { sessionId } = await activeAt(200)
    await configure(sessionId, { timeoutAlert: 400 })
    await harness.advance(seconds(199))
    expect(timelineOf(sessionId)).toEqual([])
    await harness.advance(seconds(1))
    expect(timelineOf(sessionId)).toEqual([[400, 'IDLE_CONTROL_ALERT']])
  })

  it('fires at once when the new timeout-alert is already past', async () => {
    const { sessionId } = await activeAt(200)
    await configure(sessionId, { timeoutAlert: 100 })
    await harness.advance(0)
    expect(timelineOf(sessionId)).toEqual([[200, 'IDLE_CONTROL_ALERT']])
    expect(harness.engine.getSession(sessionId, 'agent')?.idleStatus).toMatchObject({
      phase: 'close',
      deadline: harness.clock.now() + seconds(45),
    })
  })

  it('moves the close when timeout-close changes during the close phase', async () => {
    const { sessionId } = await activeAt(265)
    await configure(sessionId, { timeoutClose: 100 })
    await harness.advance(seconds(89))
    expect(timelineOf(sessionId)).toEqual([[255, 'IDLE_CONTROL_ALERT']])
    await harness.advance(seconds(1))
    expect(timelineOf(sessionId).at(-1)).toEqual([355, 'closed:idle'])
  })

  it('closes at once when the new timeout-close is already past', async () => {
    const { sessionId } = await activeAt(290)
    await configure(sessionId, { timeoutClose: 10 })
    await harness.advance(0)
    expect(timelineOf(sessionId).at(-1)).toEqual([290, 'closed:idle'])
  })

  it('moves the second alert when timeout-alert2 changes during its phase', async () => {
    const { sessionId } = await activeAt(260, { timeoutAlert2: 60 })
    await configure(sessionId, { timeoutAlert2: 20 })
    await harness.advance(seconds(14))
    expect(timelineOf(sessionId)).toHaveLength(1)
    await harness.advance(seconds(1))
    expect(timelineOf(sessionId)).toEqual([
      [255, 'IDLE_CONTROL_ALERT'],
      [275, 'IDLE_CONTROL_ALERT'],
    ])
  })

  it('turns the wait for the second alert into the close phase when timeout-alert2 drops to 0', async () => {
    const { sessionId } = await activeAt(260, { timeoutAlert2: 60 })
    await configure(sessionId, { timeoutAlert2: 0 })
    expect(harness.engine.getSession(sessionId, 'agent')?.idleStatus).toMatchObject({
      phase: 'close',
      deadline: harness.clock.now() + seconds(40),
    })
    await harness.advance(seconds(40))
    expect(timelineOf(sessionId)).toEqual([
      [255, 'IDLE_CONTROL_ALERT'],
      [300, 'IDLE_CONTROL_CLOSE'],
      [300, 'closed:idle'],
    ])
  })

  it('leaves the running phase alone when another phase’s timeout changes', async () => {
    const { sessionId } = await activeAt(100)
    await configure(sessionId, { timeoutClose: 5 })
    expect(harness.engine.getSession(sessionId, 'agent')?.idleStatus.deadline).toBe(
      harness.clock.now() + seconds(155),
    )
    await harness.advance(seconds(160))
    expect(timelineOf(sessionId)).toEqual([
      [255, 'IDLE_CONTROL_ALERT'],
      [260, 'IDLE_CONTROL_CLOSE'],
      [260, 'closed:idle'],
    ])
  })
})

describe('idle control: enabling, disabling and resetting', () => {
  it('starts timeout-alert from the moment it is enabled', async () => {
    const { engine, advance } = setUp({ idle: { enabled: false } })
    const { sessionId } = await startActiveChat(engine)
    await advance(seconds(1000))
    expect(timelineOf(sessionId)).toEqual([])
    await engine.configureIdle(sessionId, { change: change({ enabled: true }), by: 'workflow' })
    await advance(seconds(255))
    expect(timelineOf(sessionId)).toEqual([[1255, 'IDLE_CONTROL_ALERT']])
  })

  it('stops every timer when disabled mid-phase, and starts afresh when enabled again', async () => {
    const { engine, advance, clock } = setUp()
    const { sessionId } = await startActiveChat(engine)
    await advance(seconds(280))
    await engine.configureIdle(sessionId, { change: change({ enabled: false }), by: 'workflow' })
    expect(clock.pendingTimers).toBe(0)
    await advance(seconds(1000))
    expect(timelineOf(sessionId)).toEqual([[255, 'IDLE_CONTROL_ALERT']])
    expect(engine.getSession(sessionId, 'agent')?.state).toBe('active')
    await engine.configureIdle(sessionId, { change: change({ enabled: true }), by: 'workflow' })
    expect(engine.getSession(sessionId, 'agent')?.idleStatus).toMatchObject({
      phase: 'alert',
      deadline: clock.now() + seconds(255),
    })
  })

  it('posts IDLE_CONTROL_SET as an internal notice naming who changed what', async () => {
    const { engine } = setUp()
    const { sessionId } = await startActiveChat(engine)
    const result = await engine.configureIdle(sessionId, {
      change: change({ timeoutAlert: 60, includeNotices: 'all' }),
      by: 'workflow',
    })
    const [set] = noticesOf(engine, sessionId, 'IDLE_CONTROL_SET')
    expect(result.eventIds).toEqual([set!.eventId])
    expect(set).toMatchObject({ visibility: 'INT' })
    expect(set!.text).toContain('workflow')
    expect(set!.text).toContain('timeout-alert 255 → 60')
    expect(set!.text).toContain('include-notices "major" → "all"')
    expect(transcript(engine, sessionId, 'customer').some((e) => e.type === 'notice')).toBe(false)
    expect(transcript(engine, sessionId, 'agent')).toContainEqual(set)
  })

  it('reset-parameters drops the overrides first, then applies the other keys', async () => {
    const { engine } = setUp()
    const { sessionId } = await startActiveChat(engine)
    await engine.configureIdle(sessionId, {
      change: change({ timeoutAlert: 100, messageAlert: 'custom' }),
      by: 'workflow',
    })
    await engine.configureIdle(sessionId, {
      change: change({ timeoutClose: 10 }, true),
      by: 'supervisor Sam',
    })
    const settings = engine.getSession(sessionId, 'agent')!.idleControl
    expect(settings).toMatchObject({
      timeoutAlert: 255,
      timeoutClose: 10,
      messageAlert: APP_TEXTS.messageAlert,
    })
    const [, reset] = noticesOf(engine, sessionId, 'IDLE_CONTROL_SET')
    expect(reset!.text).toContain('supervisor Sam')
    expect(reset!.text).toContain('timeout-alert 100 → 255')
  })

  it('reset-parameters alone returns a disabled session to the application’s enabled default', async () => {
    const { engine, advance } = setUp()
    const { sessionId } = await startActiveChat(engine)
    await engine.configureIdle(sessionId, { change: change({ enabled: false }), by: 'workflow' })
    await advance(seconds(100))
    await engine.configureIdle(sessionId, { change: change({}, true), by: 'workflow' })
    await advance(seconds(255))
    expect(timelineOf(sessionId)).toEqual([[355, 'IDLE_CONTROL_ALERT']])
  })

  it('refuses a change on a closed session and changes nothing', async () => {
    const { engine, advance } = setUp()
    const { sessionId } = await startActiveChat(engine)
    await advance(seconds(300))
    await expect(
      engine.configureIdle(sessionId, { change: change({ enabled: false }), by: 'workflow' }),
    ).rejects.toMatchObject({ code: 'session-closed' })
  })
})

describe('idle control: texts and languages', () => {
  it('uses the language’s own texts, falling back per text to the application’s', async () => {
    const { engine, advance } = setUp({ idle: { timeoutAlert2: 10 } })
    const { sessionId } = await startActiveChat(engine, { GCTI_LanguageCode: 'fr-FR' })
    await advance(seconds(310))
    const texts = transcript(engine, sessionId, 'customer')
      .filter((e) => e.type === 'notice')
      .map((e) => e.text)
    expect(texts).toEqual([
      FRENCH_TEXTS.messageAlert,
      APP_TEXTS.messageAlert2,
      FRENCH_TEXTS.messageClose,
    ])
  })

  it('uses the application’s texts for a language without its own', async () => {
    const { engine, advance } = setUp()
    const { sessionId } = await startActiveChat(engine, { GCTI_LanguageCode: 'de-DE' })
    await advance(seconds(300))
    const texts = noticesOf(engine, sessionId, 'IDLE_CONTROL_ALERT').concat(
      noticesOf(engine, sessionId, 'IDLE_CONTROL_CLOSE'),
    )
    expect(texts.map((n) => n.text)).toEqual([APP_TEXTS.messageAlert, APP_TEXTS.messageClose])
  })

  it('applies a language switch to every later system text', async () => {
    const { engine, advance } = setUp()
    const { sessionId } = await startActiveChat(engine)
    await advance(seconds(255))
    await engine.setLanguage(sessionId, { selector: { code: 'fr-FR' }, by: 'workflow' })
    await advance(seconds(45))
    expect(noticesOf(engine, sessionId, 'IDLE_CONTROL_ALERT')[0]!.text).toBe(APP_TEXTS.messageAlert)
    expect(noticesOf(engine, sessionId, 'IDLE_CONTROL_CLOSE')[0]!.text).toBe(
      FRENCH_TEXTS.messageClose,
    )
  })

  it('lets a text set for the session win over the language’s text', async () => {
    const { engine, advance } = setUp()
    const { sessionId } = await startActiveChat(engine, { GCTI_LanguageCode: 'fr-FR' })
    await engine.configureIdle(sessionId, {
      change: change({ messageAlert: 'Custom alert' }),
      by: 'workflow',
    })
    await advance(seconds(300))
    expect(noticesOf(engine, sessionId, 'IDLE_CONTROL_ALERT')[0]!.text).toBe('Custom alert')
    expect(noticesOf(engine, sessionId, 'IDLE_CONTROL_CLOSE')[0]!.text).toBe(
      FRENCH_TEXTS.messageClose,
    )
  })

  it('posts the notice with no text when the session’s text is empty', async () => {
    const { engine, advance } = setUp()
    const { sessionId } = await startActiveChat(engine, { GCTI_LanguageCode: 'fr-FR' })
    await engine.configureIdle(sessionId, { change: change({ messageClose: '' }), by: 'workflow' })
    await advance(seconds(300))
    expect(noticesOf(engine, sessionId, 'IDLE_CONTROL_CLOSE')).toMatchObject([{ text: '' }])
  })

  it('reports the texts the session will use as its effective settings', async () => {
    const { engine } = setUp()
    const { sessionId } = await startActiveChat(engine, { GCTI_LanguageCode: 'fr-FR' })
    expect(engine.getSession(sessionId, 'agent')!.idleControl).toMatchObject({
      messageAlert: FRENCH_TEXTS.messageAlert,
      messageAlert2: APP_TEXTS.messageAlert2,
      messageClose: FRENCH_TEXTS.messageClose,
    })
  })
})

describe('IdleControlTimer', () => {
  const settings: IdleSettings = { ...DEFAULT_IDLE_SETTINGS, enabled: true, timeoutAlert2: 20 }

  function timer(): { clock: VirtualClock; idle: IdleControlTimer; expired: RunningPhase[] } {
    const clock = new VirtualClock(0)
    const expired: RunningPhase[] = []
    const idle = new IdleControlTimer(clock, (phase) => {
      expired.push(phase)
      idle.advanceAfter(phase, settings)
    })
    return { clock, idle, expired }
  }

  it('walks alert, alert2 and close, then stops', () => {
    const { clock, idle, expired } = timer()
    idle.setEligible(true, settings)
    clock.advanceBy(seconds(1000))
    expect(expired).toEqual(['alert', 'alert2', 'close'])
    expect(idle.status).toEqual({ phase: 'off', deadline: null, phaseStartedAt: null })
    expect(clock.pendingTimers).toBe(0)
  })

  it('ignores activity while off', () => {
    const { clock, idle } = timer()
    idle.restart(settings)
    expect(idle.isRunning).toBe(false)
    expect(clock.pendingTimers).toBe(0)
  })

  it('keeps one timer whatever the number of restarts', () => {
    const { clock, idle } = timer()
    idle.setEligible(true, settings)
    for (let i = 0; i < 10; i++) idle.restart(settings)
    expect(clock.pendingTimers).toBe(1)
  })

  it('does not restart the phase when it is made eligible again', () => {
    const { clock, idle } = timer()
    idle.setEligible(true, settings)
    clock.advanceBy(seconds(100))
    idle.setEligible(true, settings)
    expect(idle.status.deadline).toBe(seconds(255))
  })
})
