import { afterEach, describe, expect, it } from 'vitest'
import type { ChatEvent, Role, SupervisorMode } from '../../../src-shared/domain'
import { isAtLeastAsWide, MODE_VISIBILITY } from '../../../src-main/engine/supervisor-modes'
import {
  createTestEngine,
  startActiveChat,
  transcript,
  type TestEngine,
} from '../../helpers/engine'

let harness: TestEngine

afterEach(async () => {
  await harness?.close()
})

const say = (text: string) => ({ kind: 'message', text }) as const

async function withSupervisor(mode: SupervisorMode) {
  harness = createTestEngine({ idle: { enabled: false } })
  const chat = await startActiveChat(harness.engine)
  const supervisor = await harness.engine.joinSupervisor(chat.sessionId, {
    userId: 'supervisor1',
    nickname: 'Sam',
    mode,
  })
  return { ...chat, supervisorPartyId: supervisor.partyId, joinEventIds: supervisor.eventIds }
}

/**
 * Whether `role` sees the event a supervisor knows as `eventId`. Each role numbers its own view,
 * so the event is looked for by its content, not its id.
 */
function sees(role: Role, sessionId: string, eventId: number): boolean {
  const event = transcript(harness.engine, sessionId, 'supervisor').find(
    (candidate) => candidate.eventId === eventId,
  )
  if (!event) throw new Error(`no event ${eventId}`)
  const content = (seen: ChatEvent) => JSON.stringify({ ...seen, eventId: 0 })
  return transcript(harness.engine, sessionId, role).some(
    (seen) => content(seen) === content(event),
  )
}

function listsSupervisor(role: Role, sessionId: string): boolean {
  const summary = harness.engine.getSession(sessionId, role)!
  return summary.parties.some((party) => party.type === 'SUPERVISOR')
}

describe('supervisor modes', () => {
  it('monitor: joins as VIP, invisible to agent and customer, and its messages are VIP', async () => {
    const { sessionId, supervisorPartyId, joinEventIds } = await withSupervisor('monitor')
    const [joinId] = joinEventIds
    expect(transcript(harness.engine, sessionId, 'supervisor').at(-1)).toMatchObject({
      eventId: joinId,
      type: 'party-joined',
      visibility: 'VIP',
      party: { type: 'SUPERVISOR', mode: 'monitor', userId: 'supervisor1' },
    })
    expect([sees('agent', sessionId, joinId!), sees('customer', sessionId, joinId!)]).toEqual([
      false,
      false,
    ])
    expect(listsSupervisor('agent', sessionId)).toBe(false)
    expect(listsSupervisor('customer', sessionId)).toBe(false)
    expect(listsSupervisor('supervisor', sessionId)).toBe(true)
    const { eventIds } = await harness.engine.send(sessionId, {
      partyId: supervisorPartyId,
      content: say('watching'),
    })
    expect(transcript(harness.engine, sessionId, 'supervisor').at(-1)).toMatchObject({
      eventId: eventIds[0],
      visibility: 'VIP',
    })
  })

  it('monitor: may not send with ALL or INT', async () => {
    const { sessionId, supervisorPartyId } = await withSupervisor('monitor')
    for (const visibility of ['ALL', 'INT'] as const) {
      await expect(
        harness.engine.send(sessionId, {
          partyId: supervisorPartyId,
          content: say('x'),
          visibility,
        }),
      ).rejects.toMatchObject({ code: 'forbidden', parameter: 'Visibility' })
    }
    expect(harness.engine.getSession(sessionId, 'supervisor')?.lastEventId).toBe(3)
  })

  it('coach: the agent sees it join and its messages (INT), the customer does not', async () => {
    const { sessionId, supervisorPartyId, joinEventIds } = await withSupervisor('coach')
    const { eventIds } = await harness.engine.send(sessionId, {
      partyId: supervisorPartyId,
      content: say('ask for the order number'),
    })
    for (const eventId of [...joinEventIds, ...eventIds]) {
      expect(sees('agent', sessionId, eventId)).toBe(true)
      expect(sees('customer', sessionId, eventId)).toBe(false)
    }
    expect(transcript(harness.engine, sessionId, 'agent').at(-1)).toMatchObject({
      visibility: 'INT',
    })
    expect(listsSupervisor('agent', sessionId)).toBe(true)
    expect(listsSupervisor('customer', sessionId)).toBe(false)
  })

  it('coach: may narrow to VIP but not widen to ALL', async () => {
    const { sessionId, supervisorPartyId } = await withSupervisor('coach')
    await expect(
      harness.engine.send(sessionId, {
        partyId: supervisorPartyId,
        content: say('x'),
        visibility: 'ALL',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' })
    await harness.engine.send(sessionId, {
      partyId: supervisorPartyId,
      content: say('for supervisors'),
      visibility: 'VIP',
    })
    expect(transcript(harness.engine, sessionId, 'supervisor').at(-1)).toMatchObject({
      visibility: 'VIP',
    })
  })

  it('barge-in: everyone sees it join and speak (ALL)', async () => {
    const { sessionId, supervisorPartyId, joinEventIds } = await withSupervisor('barge-in')
    const { eventIds } = await harness.engine.send(sessionId, {
      partyId: supervisorPartyId,
      content: say('Hello, I am the team lead'),
    })
    for (const eventId of [...joinEventIds, ...eventIds]) {
      expect(sees('customer', sessionId, eventId)).toBe(true)
    }
    expect(listsSupervisor('customer', sessionId)).toBe(true)
  })

  it('re-announces the supervisor to the audience of each wider mode it switches to', async () => {
    const { sessionId, supervisorPartyId } = await withSupervisor('monitor')
    const coach = await harness.engine.setSupervisorMode(sessionId, supervisorPartyId, 'coach')
    expect(transcript(harness.engine, sessionId, 'agent').at(-1)).toMatchObject({
      eventId: coach.seenBy?.agent[0],
      type: 'party-joined',
      visibility: 'INT',
      party: { partyId: supervisorPartyId, mode: 'coach' },
    })
    expect(listsSupervisor('agent', sessionId)).toBe(true)
    const barge = await harness.engine.joinSupervisor(sessionId, {
      userId: 'supervisor1',
      nickname: 'Sam',
      mode: 'barge-in',
    })
    expect(barge.partyId).toBe(supervisorPartyId)
    expect(transcript(harness.engine, sessionId, 'customer').at(-1)).toMatchObject({
      eventId: barge.seenBy?.customer[0],
      visibility: 'ALL',
      party: { mode: 'barge-in' },
    })
    expect(harness.engine.getSession(sessionId, 'customer')?.parties.at(-1)).toMatchObject({
      partyId: supervisorPartyId,
      mode: 'barge-in',
    })
  })

  it('appends nothing when the mode does not change', async () => {
    const { sessionId, supervisorPartyId } = await withSupervisor('coach')
    await expect(
      harness.engine.setSupervisorMode(sessionId, supervisorPartyId, 'coach'),
    ).resolves.toEqual({ sessionId, eventIds: [] })
  })

  it('announces a switch back to monitor to supervisors only, and whoever saw it join sees it leave', async () => {
    const { sessionId, supervisorPartyId } = await withSupervisor('barge-in')
    const monitor = await harness.engine.setSupervisorMode(sessionId, supervisorPartyId, 'monitor')
    expect(monitor.seenBy).toEqual({ agent: [], customer: [] })
    expect(sees('supervisor', sessionId, monitor.eventIds[0]!)).toBe(true)
    await expect(
      harness.engine.send(sessionId, {
        partyId: supervisorPartyId,
        content: say('x'),
        visibility: 'ALL',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' })
    const left = await harness.engine.leave(sessionId, supervisorPartyId)
    expect(sees('customer', sessionId, left.eventIds[0]!)).toBe(true)
  })

  it('shows a supervisor’s mode only to the roles its switch was announced to', async () => {
    const { sessionId, supervisorPartyId } = await withSupervisor('barge-in')
    const modeSeenBy = (role: Role) =>
      harness.engine
        .getSession(sessionId, role)
        ?.parties.find((party) => party.partyId === supervisorPartyId)?.mode
    expect(modeSeenBy('customer')).toBe('barge-in')
    await harness.engine.setSupervisorMode(sessionId, supervisorPartyId, 'coach')
    expect([modeSeenBy('customer'), modeSeenBy('agent')]).toEqual([undefined, 'coach'])
    await harness.engine.setSupervisorMode(sessionId, supervisorPartyId, 'monitor')
    expect([modeSeenBy('customer'), modeSeenBy('agent')]).toEqual([undefined, undefined])
    expect(modeSeenBy('supervisor')).toBe('monitor')
  })

  it('lets a supervisor leave with the visibility it joined with', async () => {
    const { sessionId, supervisorPartyId } = await withSupervisor('monitor')
    const left = await harness.engine.leave(sessionId, supervisorPartyId)
    expect(transcript(harness.engine, sessionId, 'supervisor').at(-1)).toMatchObject({
      eventId: left.eventIds[0],
      type: 'party-left',
      visibility: 'VIP',
    })
    expect(sees('agent', sessionId, left.eventIds[0]!)).toBe(false)
    expect(harness.engine.getSession(sessionId, 'agent')?.state).toBe('active')
  })

  it('does not reveal a monitoring supervisor who closes the session to the customer', async () => {
    const { sessionId, supervisorPartyId } = await withSupervisor('monitor')
    await harness.engine.closeSession(sessionId, supervisorPartyId)
    const customerView = JSON.stringify(transcript(harness.engine, sessionId, 'customer'))
    const agentView = JSON.stringify(transcript(harness.engine, sessionId, 'agent'))
    expect(customerView).not.toContain(supervisorPartyId)
    expect(agentView).not.toContain(supervisorPartyId)
    expect(transcript(harness.engine, sessionId, 'customer').slice(-3)).toMatchObject([
      { type: 'party-left', reasonCode: 4 },
      { type: 'party-left' },
      { type: 'session-closed', reason: 'agent-closed' },
    ])
  })

  it('refuses a mode for a party that is not a supervisor', async () => {
    const { sessionId, agentPartyId } = await withSupervisor('monitor')
    await expect(
      harness.engine.setSupervisorMode(sessionId, agentPartyId, 'coach'),
    ).rejects.toMatchObject({ code: 'forbidden' })
  })
})

describe('MODE_VISIBILITY and isAtLeastAsWide', () => {
  it('maps monitor, coach and barge-in to VIP, INT and ALL', () => {
    expect(MODE_VISIBILITY).toEqual({ monitor: 'VIP', coach: 'INT', 'barge-in': 'ALL' })
  })

  it.each([
    ['ALL', 'ALL', true],
    ['ALL', 'VIP', true],
    ['INT', 'VIP', true],
    ['INT', 'ALL', false],
    ['VIP', 'INT', false],
  ] as const)('%s is at least as wide as %s: %s', (a, b, expected) => {
    expect(isAtLeastAsWide(a, b)).toBe(expected)
  })
})
