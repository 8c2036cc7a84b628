import { describe, expect, it } from 'vitest'
import type { ChatEvent } from '../../../src-shared/domain'
import { seconds } from '../../helpers/engine'
import {
  chatPath,
  DEFAULT_SERVICES,
  startGmsKit,
  type ChatAnswer,
  type GmsKit,
} from './gms-test-kit'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

function events(kit: GmsKit, sessionId: string): ChatEvent[] {
  return kit.engine.readTranscript(sessionId, 'supervisor').events
}

/** The customer's `party-left` event, if it left. */
function customerLeft(kit: GmsKit, sessionId: string): ChatEvent | undefined {
  const parties = kit.engine.getSession(sessionId, 'supervisor')?.parties ?? []
  const customer = parties.find((party) => party.type === 'CLIENT')
  return events(kit, sessionId).find(
    (event) => event.type === 'party-left' && event.partyId === customer?.partyId,
  )
}

describe('GMS services', () => {
  it('creates a service with a UUID v4 id, and with _verbose its settings and data', async () => {
    const kit = await startGmsKit()
    const plain = await kit.post('/genesys/1/service/request-chat', { Product: 'Mortgage' })
    expect(Object.keys(plain.body)).toEqual(['_id', '_chatIxnAPI-CREATE-URL'])
    expect(plain.body._id).toMatch(UUID_V4)
    expect(plain.body['_chatIxnAPI-CREATE-URL']).toBe(chatPath(String(plain.body._id)))

    const verbose = await kit.post('/genesys/1/service/request-chat', {
      _verbose: 'true',
      _ttl: '600',
      Product: 'Mortgage',
    })
    expect(verbose.body).toMatchObject({
      _ttl: 600,
      _chat_endpoint: 'gms_builtin',
      _created: '2026-01-01T09:00:00.000Z',
      _data: { Product: 'Mortgage' },
    })
    const longer = await kit.post('/genesys/1/service/request-chat', {
      _verbose: 'true',
      _ttl: '9999',
    })
    expect(longer.body._ttl).toBe(3600)
  })

  it('starts the chat with the nickname, user data and business data, once', async () => {
    const kit = await startGmsKit()
    const serviceId = await kit.createService({ Product: 'Mortgage', Subject: 'from business' })
    const form = {
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@example.com',
      subject: 'My bill',
      GCTI_LanguageCode: 'fr-FR',
      OrderId: '42',
    }
    const first = await kit.post<ChatAnswer>(chatPath(serviceId), form)
    expect(first.body.transcriptToShow[0]?.[1]).toBe('Ann Lee')
    const summary = kit.engine.getSession(first.body.chatSessionId, 'supervisor')
    expect(summary?.endpoint).toBe('gms_builtin')
    expect(summary?.language?.code).toBe('fr-FR')
    expect(summary?.userData).toMatchObject({
      FirstName: 'Ann',
      LastName: 'Lee',
      EmailAddress: 'ann@example.com',
      Subject: 'My bill',
      Product: 'Mortgage',
      OrderId: '42',
      GCTI_LanguageCode: 'fr-FR',
    })
    expect(summary?.userData).not.toHaveProperty('firstName')

    const again = await kit.post<ChatAnswer>(chatPath(serviceId), { firstName: 'Someone else' })
    expect(again.body.chatSessionId).toBe(first.body.chatSessionId)
    expect(kit.engine.listSessions({ state: 'any' }, 'supervisor')).toHaveLength(1)
  })

  it('starts one chat when two start-chat calls race', async () => {
    const kit = await startGmsKit()
    const serviceId = await kit.createService()
    const answers = await Promise.all([
      kit.post<ChatAnswer>(chatPath(serviceId), { firstName: 'Ann' }),
      kit.post<ChatAnswer>(chatPath(serviceId), { firstName: 'Ann' }),
    ])
    expect(answers[0].body.chatSessionId).toBe(answers[1].body.chatSessionId)
    expect(kit.engine.listSessions({ state: 'any' }, 'supervisor')).toHaveLength(1)
  })

  it.each([
    [{ userDisplayName: 'Annie', firstName: 'Ann', lastName: 'Lee' }, 'Annie'],
    [{ firstName: 'Ann' }, 'Ann'],
    [{ lastName: 'Lee' }, 'Lee'],
    [{}, 'Customer'],
  ])('names the customer from %j as %s', async (form, nickname) => {
    const kit = await startGmsKit()
    const { chat } = await kit.startChat(form)
    expect(chat.transcriptToShow[0]?.[1]).toBe(nickname)
  })

  it('adds the verbose fields to the chat object on request', async () => {
    const kit = await startGmsKit()
    const serviceId = await kit.createService()
    const answer = await kit.post<ChatAnswer>(chatPath(serviceId), {
      firstName: 'Ann',
      _verbose: 'true',
      clientTimeZoneOffset: '-120',
    })
    const base = chatPath(serviceId)
    expect(answer.body).toMatchObject({
      userId: expect.stringMatching(/^[0-9A-F]{16}$/),
      secureKey: expect.stringMatching(/^[0-9a-f]{16}$/),
      clientTimeZoneOffset: -120,
      _chatIxnAPI_SEND_URL: `${base}/send`,
      _chatIxnAPI_REFRESH_URL: `${base}/refresh`,
      _chatIxnAPI_START_TYPING_URL: `${base}/startTyping`,
      _chatIxnAPI_STOP_TYPING_URL: `${base}/stopTyping`,
      _chatIxnAPI_DISCONNECT_URL: `${base}/disconnect`,
    })
    const quiet = await kit.chatCall(serviceId, 'refresh')
    expect(quiet.body).not.toHaveProperty('secureKey')
  })
})

describe('GMS service time to live', () => {
  it('forgets the service at its TTL and closes a chat still queued with code 5', async () => {
    const kit = await startGmsKit()
    const serviceId = await kit.createService({ _ttl: '120' })
    const start = await kit.post<ChatAnswer>(chatPath(serviceId), { firstName: 'Ann' })
    const sessionId = start.body.chatSessionId
    await kit.advance(seconds(40))
    await kit.chatCall(serviceId, 'refresh')
    await kit.advance(seconds(40))
    await kit.chatCall(serviceId, 'refresh')
    await kit.advance(seconds(40))

    expect((await kit.chatCall(serviceId, 'refresh')).status).toBe(404)
    expect(kit.engine.getSession(sessionId, 'supervisor')).toMatchObject({
      state: 'closed',
      closeReason: 'ttl',
    })
    expect(customerLeft(kit, sessionId)).toMatchObject({ reasonCode: 5 })
  })

  it('leaves a chat an agent has accepted open when the service expires', async () => {
    const kit = await startGmsKit()
    const serviceId = await kit.createService({ _ttl: '30' })
    const start = await kit.post<ChatAnswer>(chatPath(serviceId), { firstName: 'Ann' })
    await kit.engine.joinAgent(start.body.chatSessionId, { userId: 'agent1', nickname: 'Alex' })
    await kit.advance(seconds(31))
    expect((await kit.chatCall(serviceId, 'refresh')).status).toBe(404)
    expect(kit.engine.getSession(start.body.chatSessionId, 'supervisor')?.state).toBe('active')
  })
})

describe('GMS protocol inactivity (flex disconnect)', () => {
  it('removes a customer whose client stops polling, with code 3', async () => {
    const kit = await startGmsKit({ flexDisconnectTimeoutSeconds: 45 })
    const { serviceId, chat } = await kit.startChat()
    const agent = await kit.engine.joinAgent(chat.chatSessionId, { userId: 'a1', nickname: 'Alex' })
    for (let step = 0; step < 4; step += 1) {
      await kit.advance(seconds(44))
      await kit.chatCall(serviceId, 'refresh', { transcriptPosition: '3' })
    }
    expect(customerLeft(kit, chat.chatSessionId)).toBeUndefined()

    await kit.advance(seconds(45))
    expect(customerLeft(kit, chat.chatSessionId)).toMatchObject({ reasonCode: 3 })
    // The agent is still there: the session stays open, the customer's chat is over.
    expect(kit.engine.getSession(chat.chatSessionId, 'supervisor')?.state).toBe('active')
    const answer = await kit.chatCall(serviceId, 'refresh', { transcriptPosition: '3' })
    expect(answer.body.chatIxnState).toBe('DISCONNECTED')
    expect(answer.body.transcriptToShow).toEqual([
      ['Notice.Left', 'Ann Lee', 'has left the session', '221', 'CLIENT'],
    ])
    expect(agent.partyId).toBeTruthy()
  })

  it('uses the configured timeout', async () => {
    const kit = await startGmsKit({ flexDisconnectTimeoutSeconds: 10 })
    const { chat } = await kit.startChat()
    await kit.advance(seconds(9))
    expect(customerLeft(kit, chat.chatSessionId)).toBeUndefined()
    await kit.advance(seconds(1))
    expect(customerLeft(kit, chat.chatSessionId)).toMatchObject({ reasonCode: 3 })
    expect(kit.engine.getSession(chat.chatSessionId, 'supervisor')?.state).toBe('closed')
  })
})

describe('GMS disconnect', () => {
  it('lets the customer leave with code 0, then answers DISCONNECTED and adds nothing', async () => {
    const kit = await startGmsKit()
    const { serviceId, chat } = await kit.startChat()
    const sessionId = chat.chatSessionId
    const left = await kit.chatCall(serviceId, 'disconnect', { transcriptPosition: '2' })
    expect(left.status).toBe(200)
    expect(left.body.chatIxnState).toBe('DISCONNECTED')
    expect(left.body.transcriptToShow).toEqual([
      ['Notice.Left', 'Ann Lee', 'has left the session', '0', 'CLIENT'],
      ['Notice.Left', 'system', 'has left the session', '0', 'EXTERNAL'],
    ])
    expect(customerLeft(kit, sessionId)).toMatchObject({ reasonCode: 0 })
    const count = events(kit, sessionId).length

    for (const call of ['send', 'refresh', 'startTyping', 'stopTyping', 'disconnect']) {
      const answer = await kit.chatCall(serviceId, call, { message: 'still there?' })
      expect(answer.status).toBe(200)
      expect(answer.body.chatIxnState).toBe('DISCONNECTED')
    }
    expect(events(kit, sessionId)).toHaveLength(count)
    const refresh = await kit.chatCall(serviceId, 'refresh')
    expect(refresh.body.transcriptToShow).toHaveLength(3)
    expect(refresh.body.transcriptPosition).toBe(4)
  })

  it('answers DISCONNECTED once an agent closed the session', async () => {
    const kit = await startGmsKit({ services: DEFAULT_SERVICES })
    const { serviceId, chat } = await kit.startChat()
    const agent = await kit.engine.joinAgent(chat.chatSessionId, { userId: 'a1', nickname: 'Alex' })
    await kit.engine.closeSession(chat.chatSessionId, agent.partyId)
    const answer = await kit.chatCall(serviceId, 'send', {
      message: 'hello?',
      transcriptPosition: '3',
    })
    expect(answer.body.chatIxnState).toBe('DISCONNECTED')
    expect(answer.body.transcriptToShow.map((entry) => entry[0])).toEqual([
      'Notice.Left',
      'Notice.Left',
      'Notice.Left',
    ])
    expect(customerLeft(kit, chat.chatSessionId)).toMatchObject({ reasonCode: 4 })
  })
})
