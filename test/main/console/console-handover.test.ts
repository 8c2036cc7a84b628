import { describe, expect, it } from 'vitest'
import type { ChatEvent } from '../../../src-shared/domain'
import { seconds, startChat } from '../../helpers/engine'
import { call, createConsoleKit, refused } from './console-fixture'

/** agent1 has the chat; agent2 is signed in too. */
async function floor() {
  const kit = createConsoleKit()
  const { sessionId } = await startChat(kit.engine, { FirstName: 'Ann' }, 'Ann')
  const agent1 = await kit.window('agent1')
  const agent2 = await kit.window('agent2')
  await call(agent1, 'accept', { sessionId })
  return { kit, sessionId, agent1, agent2 }
}

const describeEvent = (event: ChatEvent): string => {
  if (event.type === 'party-joined') return `joined ${event.party.nickname}`
  if (event.type === 'party-left') return `left ${event.partyId}`
  if (event.type === 'notice') return `${event.visibility} ${event.text}`
  return event.type
}

describe('transfer and conference', () => {
  it('transfers: the customer sees the new agent join and the old leave; agents read who did it', async () => {
    const { kit, sessionId, agent1 } = await floor()
    const before = kit.engine.readCustomerEntries(sessionId, 1).events.length
    await kit.advance(seconds(100))
    const agent1Party = kit.engine
      .getSession(sessionId, 'supervisor')
      ?.parties.find((party) => party.userId === 'agent1')?.partyId
    await call(agent1, 'transfer', { sessionId, toUserId: 'agent2' })

    const customer = kit.engine.readCustomerEntries(sessionId, 1).events.slice(before)
    expect(customer.map(describeEvent)).toEqual(['joined Bea Agent', `left ${agent1Party}`])
    const agentView = kit.engine.readTranscript(sessionId, 'agent').events
    expect(agentView.map(describeEvent)).toContain(
      'INT Alex Agent transferred the chat to Bea Agent',
    )

    const summary = kit.engine.getSession(sessionId, 'supervisor')
    expect(summary?.state).toBe('active')
    const present = summary?.parties.filter((party) => party.isPresent && party.type === 'AGENT')
    expect(present?.map((party) => party.userId)).toEqual(['agent2'])
    // Idle control keeps running with an agent present, restarted by the join and leave.
    expect(summary?.idleStatus).toMatchObject({
      phase: 'alert',
      deadline: kit.clock.now() + seconds(255),
    })
  })

  it('invites a second agent: both stay, the customer sees the join only', async () => {
    const { kit, sessionId, agent1, agent2 } = await floor()
    const before = kit.engine.readCustomerEntries(sessionId, 1).events.length
    await call(agent1, 'invite', { sessionId, toUserId: 'agent2' })
    const customer = kit.engine.readCustomerEntries(sessionId, 1).events.slice(before)
    expect(customer.map(describeEvent)).toEqual(['joined Bea Agent'])
    // The invited agent works in the chat at once.
    await call(agent2, 'sendMessage', { sessionId, text: 'Hello Ann, I am Bea.' })
    expect((await refused(agent1, 'invite', { sessionId, toUserId: 'agent2' })).code).toBe(
      'conflict',
    )
  })

  it('returns the chat to the queue: no agent, timers stopped, another agent may accept it', async () => {
    const { kit, sessionId, agent1, agent2 } = await floor()
    await call(agent1, 'returnToQueue', { sessionId })
    const summary = kit.engine.getSession(sessionId, 'supervisor')
    expect(summary?.state).toBe('queued')
    expect(summary?.idleStatus.phase).toBe('off')
    await kit.advance(seconds(600))
    expect(kit.engine.getSession(sessionId, 'supervisor')?.state).toBe('queued')
    await call(agent2, 'accept', { sessionId })
    expect(kit.engine.getSession(sessionId, 'supervisor')?.state).toBe('active')
  })

  it('hands over only to a signed-in agent other than the caller', async () => {
    const kit = createConsoleKit()
    const { sessionId } = await startChat(kit.engine)
    const agent1 = await kit.window('agent1')
    await call(agent1, 'accept', { sessionId })
    const offline = await refused(agent1, 'transfer', { sessionId, toUserId: 'agent2' })
    expect(offline).toMatchObject({ code: 'conflict', field: 'toUserId' })
    expect(offline.message).toContain('not signed in')
    const boss = await refused(agent1, 'transfer', { sessionId, toUserId: 'supervisor1' })
    expect(boss).toMatchObject({ code: 'invalid-params', field: 'toUserId' })
    expect((await call(agent1, 'listAvailableAgents', {})).agents).toEqual([])
    await kit.window('agent2')
    expect((await call(agent1, 'listAvailableAgents', {})).agents).toEqual([
      { userId: 'agent2', name: 'Bea Agent' },
    ])
    const stranger = await kit.window('agent2')
    expect((await refused(stranger, 'returnToQueue', { sessionId })).code).toBe('not-in-session')
  })
})
