import { describe, expect, it } from 'vitest'
import type { ConsolePush, RaisedHandsPush } from '../../../src-shared/console-api'
import { startChat } from '../../helpers/engine'
import { call, createConsoleKit, refused } from './console-fixture'

const handPushes = (pushes: ConsolePush[]) =>
  pushes.filter((push): push is RaisedHandsPush => push.push === 'raised-hands')

async function windowWithPushes(kit: ReturnType<typeof createConsoleKit>, userId: string) {
  const window = await kit.window(userId)
  const pushes: ConsolePush[] = []
  window.subscribe((push) => pushes.push(push))
  return { window, pushes }
}

describe('raise hand', () => {
  it('reaches supervisors at once, tells the agent who picked it up, and never the customer', async () => {
    const kit = createConsoleKit()
    const { sessionId } = await startChat(kit.engine)
    const agent = await windowWithPushes(kit, 'agent1')
    const other = await windowWithPushes(kit, 'agent2')
    const supervisor = await windowWithPushes(kit, 'supervisor1')
    await call(agent.window, 'accept', { sessionId })
    const customerBefore = kit.engine.readCustomerEntries(sessionId, 1).events
    const transcriptBefore = kit.engine.readTranscript(sessionId, 'supervisor').events

    await call(agent.window, 'raiseHand', { sessionId, note: 'Refund over my limit' })
    expect(handPushes(supervisor.pushes).at(-1)?.hands).toEqual([
      expect.objectContaining({
        sessionId,
        note: 'Refund over my limit',
        raisedBy: { userId: 'agent1', name: 'Alex Agent' },
        pickedUpBy: null,
      }),
    ])
    // Another agent hears nothing of it, not even an empty push.
    expect(handPushes(other.pushes)).toEqual([])

    await kit.advance(5000)
    await call(supervisor.window, 'pickUpHand', { sessionId })
    expect(handPushes(agent.pushes).at(-1)?.hands[0]).toMatchObject({
      pickedUpBy: { userId: 'supervisor1', name: 'Sam Supervisor' },
      pickedUpAt: kit.clock.now(),
    })

    // No event at all: the customer's and even the supervisor's transcript are unchanged.
    expect(kit.engine.readCustomerEntries(sessionId, 1).events).toEqual(customerBefore)
    expect(kit.engine.readTranscript(sessionId, 'supervisor').events).toEqual(transcriptBefore)
  })

  it('refuses a hand on a chat the agent is not in, and lowering another agent’s hand', async () => {
    const kit = createConsoleKit()
    const { sessionId } = await startChat(kit.engine)
    const agent1 = await kit.window('agent1')
    const agent2 = await kit.window('agent2')
    expect((await refused(agent1, 'raiseHand', { sessionId })).code).toBe('not-in-session')
    await call(agent1, 'accept', { sessionId })
    await call(agent1, 'raiseHand', { sessionId })
    expect((await refused(agent2, 'lowerHand', { sessionId })).code).toBe('forbidden')
    expect((await call(agent2, 'listRaisedHands', {})).hands).toEqual([])
    expect((await call(agent1, 'lowerHand', { sessionId })).hands).toEqual([])
    const supervisor = await kit.window('supervisor1')
    expect((await refused(supervisor, 'pickUpHand', { sessionId })).code).toBe('conflict')
  })

  it('goes away when the chat closes', async () => {
    const kit = createConsoleKit()
    const { sessionId } = await startChat(kit.engine)
    const agent = await kit.window('agent1')
    const supervisor = await windowWithPushes(kit, 'supervisor1')
    await call(agent, 'accept', { sessionId })
    await call(agent, 'raiseHand', { sessionId, note: 'help' })
    expect((await call(supervisor.window, 'listRaisedHands', {})).hands).toHaveLength(1)
    await call(agent, 'closeSession', { sessionId })
    expect(handPushes(supervisor.pushes).at(-1)?.hands).toEqual([])
  })
})
