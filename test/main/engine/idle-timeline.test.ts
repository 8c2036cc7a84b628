import { afterEach, describe, expect, it } from 'vitest'
import { MAX_IDLE_TIMELINE_ENTRIES } from '../../../src-shared/console-api/idle-timeline'
import type { IdleSettings } from '../../../src-shared/domain'
import {
  createTestEngine,
  seconds,
  startActiveChat,
  startChat,
  type TestEngine,
} from '../../helpers/engine'

let harness: TestEngine

afterEach(async () => {
  await harness?.close()
})

function setUp(idle: Partial<IdleSettings> = {}): TestEngine {
  harness = createTestEngine({ idle: { timeoutAlert: 60, timeoutClose: 30, ...idle } })
  return harness
}

/** `kind: text` of each entry a role sees, for readable assertions. */
function lines(sessionId: string, role: 'agent' | 'supervisor' = 'supervisor'): string[] {
  const timeline = harness.engine.readIdleTimeline(sessionId, role)
  return (timeline?.entries ?? []).map((entry) => `${entry.kind}: ${entry.text}`)
}

describe('idle timeline', () => {
  it('explains a reset, the start when an agent joins and a message while no timer runs', async () => {
    const { engine } = setUp()
    const { sessionId, customerPartyId } = await startChat(engine)
    const message = { kind: 'message', text: 'Hello?' } as const
    await engine.send(sessionId, { partyId: customerPartyId, content: message })
    await engine.joinAgent(sessionId, { userId: 'agent1', nickname: 'Alex' })
    await harness.advance(seconds(10))
    await engine.send(sessionId, { partyId: customerPartyId, content: message })

    expect(lines(sessionId)).toEqual([
      'not-running: join counts as activity, but no timer runs: no agent in the session',
      'not-running: message counts as activity, but no timer runs: no agent in the session',
      'started: timers started: idle control on and an agent in the session',
      'reset: message reset the timer',
    ])
    const reset = engine.readIdleTimeline(sessionId, 'supervisor')?.entries.at(-1)
    expect(reset).toMatchObject({ nickname: 'Ann', partyType: 'CLIENT', phase: 'alert' })
    expect(reset?.deadline).toBe(harness.clock.now() + seconds(60))
  })

  it('says why typing and an internal note did not reset the timer', async () => {
    const { engine } = setUp({ includeNotices: 'major' })
    const { sessionId, customerPartyId, agentPartyId } = await startActiveChat(engine)
    const typing = { kind: 'notice', noticeType: 'TYPING_STARTED', text: '' } as const
    await engine.send(sessionId, { partyId: customerPartyId, content: typing })
    const note = { kind: 'message', text: 'note' } as const
    await engine.send(sessionId, { partyId: agentPartyId, content: note, visibility: 'INT' })

    expect(lines(sessionId).slice(-2)).toEqual([
      'ignored: typing ignored: include-notices=major',
      'ignored: INT message ignored',
    ])
  })

  it('records alerts, the close and who changed the settings', async () => {
    const { engine } = setUp()
    const { sessionId } = await startActiveChat(engine)
    const change = { resetParameters: false, changes: { timeoutAlert: 20 } }
    await engine.configureIdle(sessionId, { change, by: 'Sam Supervisor' })
    await harness.advance(seconds(20))
    await harness.advance(seconds(30))

    const timeline = engine.readIdleTimeline(sessionId, 'supervisor')
    expect(timeline?.entries.map((entry) => entry.kind)).toEqual([
      'not-running',
      'started',
      'settings',
      'alert',
      'close',
    ])
    expect(timeline?.lastSettingsChange).toMatchObject({ by: 'Sam Supervisor' })
    expect(timeline?.lastSettingsChange?.text).toContain('timeout-alert 60 → 20')
    expect(timeline?.status.phase).toBe('off')
  })

  it('shows an agent no entry caused by a VIP event', async () => {
    const { engine } = setUp()
    const { sessionId } = await startActiveChat(engine)
    await engine.sendAsExternal(sessionId, {
      nickname: 'crm',
      visibility: 'VIP',
      content: { kind: 'message', text: 'secret' },
    })

    expect(lines(sessionId, 'supervisor')).toContain('ignored: VIP message ignored')
    expect(lines(sessionId, 'agent').join('\n')).not.toContain('VIP')
  })

  it('records nothing for events while idle control is disabled', async () => {
    const { engine } = setUp({ enabled: false })
    const { sessionId, customerPartyId } = await startActiveChat(engine)
    const message = { kind: 'message', text: 'Hi' } as const
    await engine.send(sessionId, { partyId: customerPartyId, content: message })

    expect(lines(sessionId)).toEqual([])
  })

  it(`keeps the newest ${MAX_IDLE_TIMELINE_ENTRIES} entries and counts the dropped ones`, async () => {
    const { engine } = setUp()
    const { sessionId, customerPartyId } = await startActiveChat(engine)
    const before = engine.readIdleTimeline(sessionId, 'supervisor')?.entries.length ?? 0
    const message = { kind: 'message', text: 'Hi' } as const
    for (let index = 0; index < MAX_IDLE_TIMELINE_ENTRIES + 5; index++) {
      await engine.send(sessionId, { partyId: customerPartyId, content: message })
    }

    const timeline = engine.readIdleTimeline(sessionId, 'supervisor')
    expect(timeline?.entries).toHaveLength(MAX_IDLE_TIMELINE_ENTRIES)
    expect(timeline?.droppedEntries).toBe(before + 5)
  })

  it('is kept after the session closed, and is undefined for an unknown session', async () => {
    const { engine } = setUp()
    const { sessionId, agentPartyId } = await startActiveChat(engine)
    await engine.closeSession(sessionId, agentPartyId)

    expect(lines(sessionId).at(-1)).toBe(
      'stopped: timers stopped: the session closed (agent-closed)',
    )
    expect(engine.readIdleTimeline('S00000000000zzzz', 'supervisor')).toBeUndefined()
  })
})
