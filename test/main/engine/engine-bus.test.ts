import { describe, expect, it } from 'vitest'
import type { ChatEvent, Visibility } from '../../../src-shared/domain'
import { EngineBus, type SessionUpdate } from '../../../src-main/engine/engine-bus'

const session = {
  sessionId: 'S1',
  application: 'ChatServer',
  endpoint: 'gms_builtin',
  state: 'active',
} as const

function message(eventId: number, visibility: Visibility): ChatEvent {
  return {
    sessionId: 'S1',
    eventId,
    time: 0,
    timeShift: 0,
    partyId: 'P',
    visibility,
    type: 'message',
    text: `m${eventId}`,
  }
}

/** Positions as the engine numbers them, for events of the given visibilities in order. */
function positionsOf(events: ChatEvent[]) {
  let agent = 0
  let customer = 0
  return events.map((event) => ({
    agent: event.visibility === 'VIP' ? null : ++agent,
    customer: event.visibility === 'ALL' ? ++customer : null,
  }))
}

function publish(bus: EngineBus, events: ChatEvent[]) {
  bus.publish(session, events, positionsOf(events))
}

describe('EngineBus', () => {
  it('gives each subscriber only the events its role may see, in order', () => {
    const bus = new EngineBus(() => {})
    const heard: Record<string, number[][]> = { customer: [], agent: [], supervisor: [] }
    for (const role of ['customer', 'agent', 'supervisor'] as const) {
      bus.subscribe(role, (update) => heard[role]!.push(update.events.map((e) => e.eventId)))
    }
    publish(bus, [message(1, 'VIP'), message(2, 'ALL'), message(3, 'INT')])
    // Each role numbers what it sees: no gap betrays the VIP event.
    expect(heard).toEqual({ customer: [[1]], agent: [[1, 2]], supervisor: [[1, 2, 3]] })
  })

  it('says nothing at all to a role that can see none of the events', () => {
    const bus = new EngineBus(() => {})
    const updates: SessionUpdate[] = []
    bus.subscribe('customer', (update) => updates.push(update))
    publish(bus, [message(1, 'INT'), message(2, 'VIP')])
    expect(updates).toEqual([])
  })

  it('stops delivering after unsubscribe', () => {
    const bus = new EngineBus(() => {})
    const updates: SessionUpdate[] = []
    const unsubscribe = bus.subscribe('agent', (update) => updates.push(update))
    unsubscribe()
    publish(bus, [message(1, 'ALL')])
    expect(updates).toEqual([])
  })

  it('reports a throwing listener and still delivers to the others', () => {
    const errors: unknown[] = []
    const bus = new EngineBus((error) => errors.push(error))
    const updates: SessionUpdate[] = []
    bus.subscribe('agent', () => {
      throw new Error('listener bug')
    })
    bus.subscribe('agent', (update) => updates.push(update))
    publish(bus, [message(1, 'ALL')])
    expect(errors).toEqual([new Error('listener bug')])
    expect(updates).toEqual([{ ...session, events: [message(1, 'ALL')] }])
  })
})
