import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { NewChatEvent } from '../../../src-shared/domain'
import type { SessionQuery } from '../../../src-main/engine/ports'
import { openStore, type SqlitePersistence } from '../../../src-main/store'
import {
  STARTED_AT,
  agentParty,
  changeWith,
  clientParty,
  message,
  numberEvents,
  sessionRecord,
} from './store-fixtures'

const MINUTE = 60_000

const orders = sessionRecord({
  sessionId: 'Orders0000000001',
  state: 'active',
  startedAt: STARTED_AT,
})
const bonjour = sessionRecord({
  sessionId: 'Bonjour000000002',
  endpoint: 'vip_queue',
  languageCode: 'fr-FR',
  startedAt: STARTED_AT + MINUTE,
})
const danke = sessionRecord({
  sessionId: 'Danke00000000003',
  application: 'OtherApp',
  languageCode: 'de-DE',
  state: 'closed',
  closedAt: STARTED_AT + 3 * MINUTE,
  closeReason: 'agent-closed',
  startedAt: STARTED_AT + 2 * MINUTE,
})
const monitored = sessionRecord({
  sessionId: 'Monitored0000004',
  languageCode: null,
  state: 'active',
  startedAt: STARTED_AT + 3 * MINUTE,
})

const pushedUrl: NewChatEvent = {
  type: 'notice',
  partyId: '00000000000000A1',
  visibility: 'ALL',
  noticeType: 'USER_PUSHED_URL',
  text: 'https://shop.example/track',
}

describe('listSessions', () => {
  let persistence: SqlitePersistence
  beforeEach(async () => {
    persistence = openStore(':memory:').persistence
    const supervisor = agentParty(monitored.sessionId, {
      partyId: '00000000000000B1',
      type: 'SUPERVISOR',
      userId: 'supervisor1',
      mode: 'monitor',
      joinedVisibility: 'VIP',
    })
    const writes = [
      changeWith(
        orders,
        numberEvents(orders.sessionId, [
          message('Where is my order?'),
          message('customer seems angry, 100% refund?', 'INT'),
          message('secret_note for supervisors', 'VIP'),
          pushedUrl,
        ]),
        [clientParty(orders.sessionId), agentParty(orders.sessionId)],
      ),
      changeWith(
        bonjour,
        numberEvents(bonjour.sessionId, [message('Bonjour, mon ORDER: plan a b')]),
      ),
      changeWith(danke, numberEvents(danke.sessionId, [message('danke')]), [
        agentParty(danke.sessionId, { userId: 'agent2' }),
      ]),
      changeWith(monitored, [], [supervisor]),
    ]
    await Promise.all(writes.map((change) => persistence.write(change)))
  })
  afterEach(() => persistence.close())

  const list = (query: SessionQuery) =>
    persistence.listSessions(query).map((session) => session.sessionId)

  it('lists every session newest first, as stored', () => {
    expect(list({})).toEqual([monitored, danke, bonjour, orders].map((s) => s.sessionId))
    expect(persistence.listSessions({ endpoint: 'vip_queue' })).toStrictEqual([
      { ...bonjour, lastEventId: 1, customerPosition: 1, agentPosition: 1 },
    ])
  })

  it('filters by state', () => {
    expect(list({ state: 'open' })).toEqual([monitored, bonjour, orders].map((s) => s.sessionId))
    expect(list({ state: 'closed' })).toEqual([danke.sessionId])
    expect(list({ state: 'any' })).toHaveLength(4)
  })

  it('filters by application, endpoint and language, combined', () => {
    expect(list({ application: 'OtherApp' })).toEqual([danke.sessionId])
    expect(list({ endpoint: 'gms_builtin', application: 'ChatServer' })).toEqual([
      monitored.sessionId,
      orders.sessionId,
    ])
    expect(list({ languageCode: 'fr-FR' })).toEqual([bonjour.sessionId])
    expect(list({ languageCode: 'fr-FR', state: 'closed' })).toEqual([])
  })

  it('filters by the console user of an agent party, not of a supervisor', () => {
    expect(list({ agentUserId: 'agent1' })).toEqual([orders.sessionId])
    expect(list({ agentUserId: 'agent2' })).toEqual([danke.sessionId])
    expect(list({ agentUserId: 'supervisor1' })).toEqual([])
  })

  it('limits the number of sessions', () => {
    expect(list({ limit: 2 })).toEqual([monitored.sessionId, danke.sessionId])
  })

  it('finds message and notice texts case-insensitively', () => {
    expect(list({ text: 'order', role: 'customer' })).toEqual([bonjour.sessionId, orders.sessionId])
    expect(list({ text: 'shop.example/track', role: 'customer' })).toEqual([orders.sessionId])
  })

  it('matches only texts the searching role may see', () => {
    expect(list({ text: 'angry', role: 'customer' })).toEqual([])
    expect(list({ text: 'angry', role: 'agent' })).toEqual([orders.sessionId])
    expect(list({ text: 'secret', role: 'agent' })).toEqual([])
    expect(list({ text: 'secret', role: 'supervisor' })).toEqual([orders.sessionId])
  })

  it('treats LIKE wildcards in the search text literally', () => {
    expect(list({ text: 'a_b', role: 'supervisor' })).toEqual([])
    expect(list({ text: '100%', role: 'agent' })).toEqual([orders.sessionId])
    expect(list({ text: '%', role: 'customer' })).toEqual([])
    expect(list({ text: 'secret_note', role: 'supervisor' })).toEqual([orders.sessionId])
  })

  it('combines text search with the other filters', () => {
    expect(list({ text: 'order', role: 'customer', state: 'open' })).toHaveLength(2)
    expect(list({ text: 'order', role: 'customer', endpoint: 'vip_queue' })).toEqual([
      bonjour.sessionId,
    ])
  })

  it('refuses a text search without the role it runs for', () => {
    expect(() => list({ text: 'order' })).toThrow(TypeError)
  })
})
