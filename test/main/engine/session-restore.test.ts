import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { SequentialIdSource } from '../../../src-main/engine/ids'
import { DATABASE_FILE_NAME } from '../../../src-main/store'
import {
  FRENCH_TEXTS,
  createTestEngine,
  makeTempDir,
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

let tempDir: { path: string; remove(): void }
const running: TestEngine[] = []

beforeEach(() => {
  tempDir = makeTempDir()
})

afterEach(async () => {
  for (const harness of running.splice(0)) await harness.close()
  tempDir.remove()
})

/** An engine on the test's database file; the same clock and ids can be carried over. */
function start(options: TestEngineOptions = {}): TestEngine {
  const harness = createTestEngine({
    databasePath: join(tempDir.path, DATABASE_FILE_NAME),
    ...options,
  })
  running.push(harness)
  return harness
}

/** Stops the engine as a shutdown would, then starts a new one on the same file. */
async function restart(before: TestEngine, options: TestEngineOptions = {}): Promise<TestEngine> {
  running.splice(running.indexOf(before), 1)
  await before.close()
  const after = start({ clock: before.clock, ids: before.ids, ...options })
  after.engine.restore()
  return after
}

describe('restoring open sessions after a restart', () => {
  it('brings back every open session, and only those', async () => {
    const before = start()
    const queued = await startChat(before.engine)
    const active = await startActiveChat(before.engine)
    const closed = await startChat(before.engine)
    await before.engine.leave(closed.sessionId, closed.customerPartyId)

    const after = await restart(before)
    expect(after.engine.openSessionCount()).toBe(2)
    expect(after.engine.getSession(queued.sessionId, 'agent')?.state).toBe('queued')
    expect(after.engine.getSession(active.sessionId, 'agent')?.state).toBe('active')
    expect(after.engine.getSession(closed.sessionId, 'agent')?.state).toBe('closed')
  })

  it('keeps parties, language, user data and idle overrides as they were', async () => {
    const before = start()
    const { sessionId } = await startActiveChat(before.engine, { FirstName: 'Ann' })
    await before.engine.joinSupervisor(sessionId, {
      userId: 'supervisor1',
      nickname: 'Sam',
      mode: 'coach',
    })
    await before.engine.sendAsExternal(sessionId, {
      nickname: 'router',
      visibility: 'VIP',
      content: { kind: 'message', text: 'routed' },
    })
    await before.engine.setLanguage(sessionId, { selector: { code: 'fr-FR' }, by: 'workflow' })
    await before.engine.configureIdle(sessionId, {
      change: { resetParameters: false, changes: { timeoutAlert: 60, messageAlert2: 'Bye?' } },
      by: 'workflow',
    })
    const expected = before.engine.getSession(sessionId, 'supervisor')!

    const after = await restart(before)
    const restored = after.engine.getSession(sessionId, 'supervisor')!
    expect({ ...restored, idleStatus: null }).toEqual({ ...expected, idleStatus: null })
    expect(restored.language).toEqual({ code: 'fr-FR', name: 'Français' })
    expect(restored.idleControl).toMatchObject({ timeoutAlert: 60, messageAlert2: 'Bye?' })
  })

  it('accepts commands as before, continuing the event numbering', async () => {
    const before = start()
    const { sessionId, customerPartyId, agentPartyId } = await startActiveChat(before.engine)
    await before.engine.sendAsExternal(sessionId, {
      nickname: 'router',
      visibility: 'INT',
      content: { kind: 'message', text: 'first' },
    })

    const after = await restart(before)
    const sent = await after.engine.send(sessionId, {
      partyId: customerPartyId,
      content: { kind: 'message', text: 'still there?' },
    })
    expect(sent.eventIds).toEqual([5])
    const again = await after.engine.sendAsExternal(sessionId, {
      nickname: 'router',
      visibility: 'INT',
      content: { kind: 'message', text: 'second' },
    })
    expect(again.eventIds).toEqual([6])
    const rejoin = await after.engine.joinAgent(sessionId, { userId: 'agent1', nickname: 'Alex' })
    expect(rejoin).toEqual({ sessionId, eventIds: [], partyId: agentPartyId })
    await after.engine.closeSession(sessionId, agentPartyId)
    const events = transcript(after.engine, sessionId, 'supervisor')
    expect(events.map((e) => e.eventId)).toEqual(events.map((_, index) => index + 1))
    expect(events.at(-1)).toMatchObject({ type: 'session-closed', reason: 'agent-closed' })
  })

  it('gives each role the newest event it may see, from before and after the restart', async () => {
    const before = start()
    const { sessionId, agentPartyId } = await startActiveChat(before.engine)
    await before.engine.send(sessionId, {
      partyId: agentPartyId,
      content: { kind: 'message', text: 'note' },
      visibility: 'INT',
    })
    const after = await restart(before)
    const newest = (role: 'customer' | 'agent' | 'supervisor') =>
      after.engine.getSession(sessionId, role)?.lastEventId
    expect([newest('customer'), newest('agent'), newest('supervisor')]).toEqual([2, 3, 3])
    await after.engine.sendAsExternal(sessionId, {
      nickname: 'router',
      visibility: 'VIP',
      content: { kind: 'message', text: 'vip' },
    })
    expect([newest('customer'), newest('agent'), newest('supervisor')]).toEqual([2, 3, 5])
  })

  it('starts the idle timers again from the restart time, not from before it', async () => {
    const before = start()
    const { sessionId } = await startActiveChat(before.engine)
    await before.advance(seconds(200))

    const after = await restart(before)
    await after.advance(seconds(3600))
    const [alert] = noticesOf(after.engine, sessionId, 'IDLE_CONTROL_ALERT')
    expect(alert?.timeShift).toBe(200 + 255)
  })

  it('restarts the timers of a session that was waiting to close from its first phase', async () => {
    const before = start()
    const { sessionId } = await startActiveChat(before.engine)
    await before.advance(seconds(290))
    expect(before.engine.getSession(sessionId, 'agent')?.idleStatus.phase).toBe('close')

    const after = await restart(before)
    expect(after.engine.getSession(sessionId, 'agent')?.idleStatus).toMatchObject({
      phase: 'alert',
      deadline: after.clock.now() + seconds(255),
    })
  })

  it('applies the restored language and overrides to the idle texts', async () => {
    const before = start()
    const { sessionId } = await startActiveChat(before.engine, { GCTI_LanguageCode: 'fr-FR' })
    await before.engine.configureIdle(sessionId, {
      change: { resetParameters: false, changes: { messageAlert: 'Override' } },
      by: 'workflow',
    })

    const after = await restart(before)
    await after.advance(seconds(300))
    expect(noticesOf(after.engine, sessionId, 'IDLE_CONTROL_ALERT')[0]?.text).toBe('Override')
    expect(noticesOf(after.engine, sessionId, 'IDLE_CONTROL_CLOSE')[0]?.text).toBe(
      FRENCH_TEXTS.messageClose,
    )
  })

  it('does not start timers for a queued session', async () => {
    const before = start()
    await startChat(before.engine)
    const after = await restart(before)
    expect(after.clock.pendingTimers).toBe(0)
  })

  it('restores nothing twice when called again', async () => {
    const before = start()
    const { sessionId } = await startActiveChat(before.engine)
    const after = await restart(before)
    expect(after.engine.restore()).toBe(1)
    expect(after.clock.pendingTimers).toBe(1)
    await after.advance(seconds(300))
    expect(noticesOf(after.engine, sessionId, 'IDLE_CONTROL_ALERT')).toHaveLength(1)
  })

  it('leaves alone an open session of an application no longer configured', async () => {
    const warnings: string[] = []
    const before = start({ applications: [testApplication(), otherApplication()] })
    const { sessionId } = await before.engine.createSession({
      customerNickname: 'Ann',
      endpoint: 'other_queue',
    })
    const after = await restart(before, {
      applications: [testApplication()],
      logger: { info() {}, warn: (message) => warnings.push(message), error() {} },
    })
    expect(after.engine.openSessionCount()).toBe(0)
    expect(warnings).toHaveLength(1)
    await expect(after.engine.expireQueued(sessionId)).rejects.toMatchObject({
      code: 'session-closed',
    })
  })

  it('works with a fresh clock and id source, as a real restart has', async () => {
    const before = start()
    const { sessionId } = await startActiveChat(before.engine)
    running.splice(running.indexOf(before), 1)
    await before.close()
    const clock = new VirtualClock(before.clock.now() + seconds(3600))
    const after = start({ clock, ids: new SequentialIdSource() })
    after.engine.restore()
    const next = await startChat(after.engine)
    expect(next.sessionId).not.toBe(sessionId)
    const supervisor = await after.engine.joinSupervisor(sessionId, {
      userId: 'supervisor1',
      nickname: 'Sam',
      mode: 'monitor',
    })
    const parties = after.engine.getSession(sessionId, 'supervisor')!.parties
    expect(parties.map((p) => p.type)).toEqual(['SYSTEM', 'CLIENT', 'AGENT', 'SUPERVISOR'])
    expect(new Set(parties.map((p) => p.partyId)).size).toBe(4)
    expect(parties.at(-1)?.partyId).toBe(supervisor.partyId)
  })
})
