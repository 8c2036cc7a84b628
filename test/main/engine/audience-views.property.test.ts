/**
 * Hidden events leave no gap (docs/console-api.md): whatever mix of ALL, INT and VIP events a session gets,
 * each role's view (transcript, pushes, newest id, idle timeline) is numbered 1, 2, 3 ... with
 * nothing missing, so no agent can count the VIP events or a monitoring supervisor.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Role } from '../../../src-shared/domain'
import type { ChatEngine } from '../../../src-main/engine/chat-engine'
import { createTestEngine, startActiveChat, transcript } from '../../helpers/engine'

type Chat = Awaited<ReturnType<typeof startActiveChat>>
type Step = (engine: ChatEngine, chat: Chat) => Promise<unknown>

const say = (text: string) => ({ kind: 'message', text }) as const

const STEPS: Record<string, Step> = {
  customerMessage: (engine, chat) =>
    engine.send(chat.sessionId, { partyId: chat.customerPartyId, content: say('hi') }),
  agentMessage: (engine, chat) =>
    engine.send(chat.sessionId, { partyId: chat.agentPartyId, content: say('hello') }),
  agentNote: (engine, chat) =>
    engine.send(chat.sessionId, {
      partyId: chat.agentPartyId,
      content: say('note'),
      visibility: 'INT',
    }),
  workflowVip: (engine, chat) =>
    engine.sendAsExternal(chat.sessionId, { nickname: 'wf', visibility: 'VIP', content: say('v') }),
  workflowInt: (engine, chat) =>
    engine.sendAsExternal(chat.sessionId, {
      nickname: 'wf2',
      visibility: 'INT',
      content: say('i'),
    }),
  supervisorMonitors: (engine, chat) =>
    engine.joinSupervisor(chat.sessionId, { userId: 'sup', nickname: 'Sam', mode: 'monitor' }),
  supervisorCoaches: (engine, chat) =>
    engine.joinSupervisor(chat.sessionId, { userId: 'sup', nickname: 'Sam', mode: 'coach' }),
  supervisorBargesIn: (engine, chat) =>
    engine.joinSupervisor(chat.sessionId, { userId: 'sup', nickname: 'Sam', mode: 'barge-in' }),
}

const ROLES: Role[] = ['customer', 'agent', 'supervisor']
const oneToN = (n: number) => Array.from({ length: n }, (_, index) => index + 1)

describe("each audience's view is contiguous", () => {
  it('numbers transcripts, pushes, newest ids and idle timelines with no gap, for any mix', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...Object.keys(STEPS)), { maxLength: 25 }),
        fc.boolean(),
        async (steps, closeAtEnd) => {
          const test = createTestEngine()
          try {
            const { engine } = test
            const heard: Record<Role, number[]> = { customer: [], agent: [], supervisor: [] }
            for (const role of ROLES) {
              engine.bus.subscribe(role, (update) =>
                heard[role].push(...update.events.map((event) => event.eventId)),
              )
            }
            const chat = await startActiveChat(engine)
            // Run in batches of two in the same tick too: numbering happens before commit.
            for (let index = 0; index < steps.length; index += 2) {
              await Promise.all(
                steps.slice(index, index + 2).map((name) => STEPS[name]!(engine, chat)),
              )
            }
            if (closeAtEnd) await engine.closeSession(chat.sessionId, chat.agentPartyId)

            for (const role of ROLES) {
              const ids = transcript(engine, chat.sessionId, role).map((event) => event.eventId)
              expect(ids).toEqual(oneToN(ids.length))
              expect(heard[role]).toEqual(ids)
              expect(engine.getSession(chat.sessionId, role)?.lastEventId).toBe(ids.length)
              const timeline = engine.readIdleTimeline(chat.sessionId, role)?.entries ?? []
              for (const entry of timeline) {
                if (entry.eventId !== undefined) expect(ids).toContain(entry.eventId)
              }
            }
          } finally {
            await test.close()
          }
        },
      ),
      { numRuns: 40 },
    )
  })

  it('gives each update the idle entries its change added, by the ids the role knows', async () => {
    const test = createTestEngine()
    try {
      const { engine } = test
      const chat = await startActiveChat(engine)
      await STEPS.workflowVip!(engine, chat)
      const updates: { ids: number[]; entryIds: (number | undefined)[] }[] = []
      engine.bus.subscribe('agent', (update) =>
        updates.push({
          ids: update.events.map((event) => event.eventId),
          entryIds: (update.idleEntries?.() ?? []).map((entry) => entry.eventId),
        }),
      )
      await STEPS.agentMessage!(engine, chat)
      // The agent's own numbering: the VIP event before it took no number.
      expect(updates).toEqual([{ ids: [3], entryIds: [3] }])
    } finally {
      await test.close()
    }
  })
})
