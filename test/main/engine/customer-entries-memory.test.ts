import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  CUSTOMER_TAIL_ENTRIES,
  CustomerEntryTail,
} from '../../../src-main/engine/customer-entry-tail'
import type { ChatEvent } from '../../../src-shared/domain'
import { createTestEngine, startActiveChat, type TestEngine } from '../../helpers/engine'

const running: TestEngine[] = []
afterEach(async () => {
  for (const harness of running.splice(0)) await harness.close()
})

function setUp(): TestEngine {
  const harness = createTestEngine({ idle: { enabled: false } })
  running.push(harness)
  return harness
}

/** A customer-visible message whose event id is `eventId`. */
function message(eventId: number): ChatEvent {
  return {
    sessionId: 'S000000000000001',
    eventId,
    time: eventId * 1000,
    timeShift: eventId,
    partyId: 'AGENTPARTY000001',
    visibility: 'ALL',
    type: 'message',
    text: `line ${eventId}`,
  } as ChatEvent
}

const say = (text: string) => ({ kind: 'message', text }) as const

describe('the customer’s entries of an open chat', () => {
  it('are served from memory: a poll reads nothing from the store, and agrees with it', async () => {
    const { engine, persistence } = setUp()
    const { sessionId, agentPartyId } = await startActiveChat(engine)
    await engine.send(sessionId, { partyId: agentPartyId, content: say('note'), visibility: 'INT' })
    await engine.send(sessionId, { partyId: agentPartyId, content: say('hello') })
    const stored = persistence.readCustomerEntriesFrom(sessionId, 1)
    const fromStore = vi.spyOn(persistence, 'readCustomerEntriesFrom')

    const fromPosition1 = engine.readCustomerEntries(sessionId, 1)
    const fromPosition3 = engine.readCustomerEntries(sessionId, 3)

    expect(fromStore).not.toHaveBeenCalled()
    expect(fromPosition1.events).toEqual(stored)
    expect(fromPosition3.events).toEqual(stored.slice(2))
    expect(fromPosition1.events.map((event) => event.visibility)).not.toContain('INT')
  })

  it('of a long chat: the newest from memory, older ones from the store, with nothing lost', async () => {
    const { engine, persistence } = setUp()
    const { sessionId, agentPartyId } = await startActiveChat(engine)
    for (let i = 1; i <= CUSTOMER_TAIL_ENTRIES + 10; i++) {
      await engine.send(sessionId, { partyId: agentPartyId, content: say(`line ${i}`) })
    }
    const stored = persistence.readCustomerEntriesFrom(sessionId, 1)
    const fromStore = vi.spyOn(persistence, 'readCustomerEntriesFrom')
    const newest = engine.customerPosition(sessionId)

    expect(engine.readCustomerEntries(sessionId, newest - 5).events).toEqual(stored.slice(-6))
    expect(fromStore).not.toHaveBeenCalled()
    expect(engine.readCustomerEntries(sessionId, 1).events).toEqual(stored)
    expect(fromStore).toHaveBeenCalledTimes(1)
  })
})

describe('CustomerEntryTail', () => {
  const entry = (position: number) => message(position)

  it('keeps the newest entries only, and sends older reads to the store', () => {
    const tail = new CustomerEntryTail(3)
    for (let position = 1; position <= 5; position++) tail.append(entry(position), position)

    expect(tail.from(3)?.map((event) => event.eventId)).toEqual([3, 4, 5])
    expect(tail.from(5)?.map((event) => event.eventId)).toEqual([5])
    expect(tail.from(2)).toBeUndefined()
  })

  it('after a restart starts at the first new entry: nothing before it is taken from memory', () => {
    const tail = new CustomerEntryTail()
    expect(tail.from(1)).toBeUndefined()
    tail.append(entry(8), 8)
    tail.append(entry(9), 9)

    expect(tail.from(8)?.map((event) => event.eventId)).toEqual([8, 9])
    expect(tail.from(7)).toBeUndefined()
  })
})
