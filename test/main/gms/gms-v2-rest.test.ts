/**
 * GMS Chat API v2 over REST (docs/gms.md, "Chat API v2"), driven the way Genesys Widgets and
 * the v2 bots drive it, every answer passed through a strict decoder.
 */
import { describe, expect, it } from 'vitest'
import { seconds } from '../../helpers/engine'
import { DEFAULT_SERVICES, startGmsKit } from './gms-test-kit'
import {
  decodeV2Strictly,
  expectV2Error,
  messagesOf,
  V2RestCustomer,
  type V2Answer,
} from './v2-test-kit'

const TWO_SERVICES = {
  ...DEFAULT_SERVICES,
  'customer-support': { ...DEFAULT_SERVICES['request-chat']! },
}

describe('GMS v2 REST', () => {
  it('runs a whole Widgets-style chat: request, workflow and agent messages, typing, idle alert, close', async () => {
    const kit = await startGmsKit()
    const customer = new V2RestCustomer(kit)
    const requested = await customer.requestChat({
      'userData[GCTI_LanguageCode]': 'fr-FR',
      'userData[order]': '42',
      'userData[a][b]': 'nested',
    })
    expect(requested.status).toBe(200)
    const chat = requested.body
    expect(chat).toMatchObject({ statusCode: 0, chatEnded: false, nextPosition: 2, alias: '1' })
    expect(chat.chatId).toMatch(/^[0-9A-Za-z]{16}$/)
    expect(chat.userId).toMatch(/^[0-9A-F]{16}$/)
    expect(chat.secureKey).toMatch(/^[0-9a-f]{16}$/)
    expect(messagesOf(chat)).toEqual([['ParticipantJoined', 'Ann', undefined]])
    expect(chat.messages[0]?.from).toEqual({ nickname: 'Ann', participantId: 1, type: 'Client' })
    const session = kit.engine.getSession(chat.chatId, 'agent')
    expect(session?.userData).toMatchObject({
      FirstName: 'Ann',
      LastName: 'Lee',
      EmailAddress: 'ann@example.com',
      Subject: 'Order',
      order: '42',
      'a][b': 'nested',
    })
    expect(session?.language?.code).toBe('fr-FR')

    const { engine } = kit
    await engine.sendAsExternal(chat.chatId, {
      nickname: 'router',
      visibility: 'ALL',
      content: { kind: 'message', text: 'An agent will be with you shortly' },
    })
    await engine.sendAsExternal(chat.chatId, {
      nickname: 'router',
      visibility: 'INT',
      content: { kind: 'message', text: 'hidden routing note' },
    })
    const { partyId: agentId } = await engine.joinAgent(chat.chatId, {
      userId: 'agent1',
      nickname: 'Alex',
    })
    await engine.send(chat.chatId, {
      partyId: agentId,
      content: { kind: 'message', text: 'Bonjour Ann' },
    })
    const typing = await customer.operate('startTyping', { message: 'I ne' })
    expect(typing.body.messages).toEqual([])
    const sent = await customer.operate('send', {
      message: 'I need help',
      messageType: 'text',
      transcriptPosition: '6',
    })
    expect(messagesOf(sent.body)).toEqual([
      ['TypingStarted', 'Ann', 'I ne'],
      ['Message', 'Ann', 'I need help'],
    ])
    expect(sent.body.messages[1]?.messageType).toBe('text')

    // Widgets send the input box's text with every poll: it is never posted.
    const refreshed = await customer.operate('refresh', { message: 'typed, not sent' })
    expect(messagesOf(refreshed.body)).toEqual([
      ['ParticipantJoined', 'Ann', undefined],
      ['ParticipantJoined', 'router', undefined],
      ['Message', 'router', 'An agent will be with you shortly'],
      ['ParticipantJoined', 'Alex', undefined],
      ['Message', 'Alex', 'Bonjour Ann'],
      ['TypingStarted', 'Ann', 'I ne'],
      ['Message', 'Ann', 'I need help'],
    ])
    expect(refreshed.body.messages.map((message) => message.index)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(refreshed.body.messages.map((message) => message.from.participantId)).toEqual([
      1, 2, 2, 3, 3, 1, 1,
    ])
    expect(refreshed.body.nextPosition).toBe(8)
    expect(JSON.stringify(refreshed.body)).not.toContain('hidden routing note')

    await engine.configureIdle(chat.chatId, {
      change: { resetParameters: false, changes: { enabled: true, timeoutAlert: 30 } },
      by: 'test',
    })
    await kit.advance(seconds(30))
    await customer.operate('refresh', { transcriptPosition: '8' })
    await kit.advance(seconds(50))
    const closed = await customer.operate('refresh', { transcriptPosition: '8' })
    expect(closed.body.chatEnded).toBe(true)
    expect(messagesOf(closed.body)).toEqual([
      ['IdleAlert', 'system', 'Alerte : fermeture bientôt'],
      ['IdleClose', 'system', 'Fermée pour inactivité'],
      ['ParticipantLeft', 'Ann', undefined],
      ['ParticipantLeft', 'router', undefined],
      ['ParticipantLeft', 'Alex', undefined],
      ['ParticipantLeft', 'system', undefined],
    ])
    const alert = closed.body.messages[0]
    expect(alert?.from.type).toBe('External')
    expect(alert?.userData).toEqual({
      'next-idle-timer-type': 'CLOSE',
      'next-idle-timer-secs': String(
        kit.engine.getSession(chat.chatId, 'customer')?.idleControl.timeoutClose,
      ),
    })
    // Widgets disconnect after an idle close: it succeeds and posts nothing.
    const bye = await customer.operate('disconnect')
    expect(bye.body).toMatchObject({ statusCode: 0, chatEnded: true, messages: [] })
    expect(kit.loggedErrors).toEqual([])
  })

  it('applies the position rule: k from index k, 0 none, absent all on refresh and none elsewhere', async () => {
    const kit = await startGmsKit()
    const customer = new V2RestCustomer(kit)
    await customer.requestChat({ text: 'first words' })
    expect(messagesOf(customer.chat!)).toEqual([
      ['ParticipantJoined', 'Ann', undefined],
      ['Message', 'Ann', 'first words'],
    ])
    const all = await customer.operate('refresh')
    expect(all.body.messages).toHaveLength(2)
    expect((await customer.operate('refresh', { transcriptPosition: '0' })).body.messages).toEqual(
      [],
    )
    expect(
      (await customer.operate('refresh', { transcriptPosition: '2' })).body.messages,
    ).toHaveLength(1)
    expect((await customer.operate('refresh', { transcriptPosition: '9' })).body.messages).toEqual(
      [],
    )
    const notice = await customer.operate('customNotice', { message: 'custom' })
    expect(notice.body.messages).toEqual([])
    expect(notice.body.nextPosition).toBe(4)
  })

  it('posts push URLs, custom notices and nickname updates, later messages under the new nickname', async () => {
    const kit = await startGmsKit()
    const customer = new V2RestCustomer(kit)
    await customer.requestChat()
    await customer.operate('pushUrl', { pushUrl: 'https://example.com/help' })
    await customer.operate('customNotice')
    await customer.operate('updateNickname', { nickname: 'Annie' })
    await customer.operate('send', { message: 'still me' })
    const all = await customer.operate('refresh', { transcriptPosition: '2' })
    expect(messagesOf(all.body)).toEqual([
      ['PushUrl', 'Ann', 'https://example.com/help'],
      ['CustomNotice', 'Ann', undefined],
      ['NicknameUpdated', 'Annie', 'Annie'],
      ['Message', 'Annie', 'still me'],
    ])
    expectV2Error(await customer.operate('pushUrl', { pushUrl: 'javascript:alert(1)' }), 400, 103)
    expectV2Error(await customer.operate('pushUrl'), 400, 102)
    expectV2Error(await customer.operate('updateNickname', { nickname: 'x'.repeat(65) }), 400, 103)
    expectV2Error(await customer.operate('updateNickname', { nickname: 'a\u0007b' }), 400, 103)
  })

  it('refuses wrong credentials without changing anything, and keeps chats to their service', async () => {
    const kit = await startGmsKit({ services: TWO_SERVICES })
    const customer = new V2RestCustomer(kit)
    await customer.requestChat()
    const chat = customer.chat!
    const path = `/genesys/2/chat/request-chat/${chat.chatId}/send`
    const noKey = await kit.post(path, { message: 'x' })
    expect(noKey.status).toBe(400)
    expect(decodeV2Strictly(noKey.body).errors?.[0]?.code).toBe(102)
    const wrongs: Record<string, string>[] = [
      { secureKey: '0'.repeat(16) },
      { secureKey: chat.secureKey, userId: 'FFFFFFFFFFFFFFFF' },
      { secureKey: chat.secureKey, alias: '7' },
    ]
    for (const wrong of wrongs) {
      const answer = await kit.post(path, { message: 'x', ...wrong })
      expect(answer.status).toBe(200)
      expect(decodeV2Strictly(answer.body)).toMatchObject({
        statusCode: 2,
        chatId: chat.chatId,
        errors: [{ code: 111 }],
      })
      expect(answer.body).not.toHaveProperty('chatEnded')
    }
    // The Java SDK sends secureKey alone: that is enough.
    expect((await kit.post(path, { message: 'ok', secureKey: chat.secureKey })).status).toBe(200)
    const elsewhere = await kit.post(`/genesys/2/chat/customer-support/${chat.chatId}/refresh`, {
      secureKey: chat.secureKey,
    })
    expect(decodeV2Strictly(elsewhere.body).errors?.[0]?.code).toBe(110)
    // A v1 chat is not reachable over v2.
    const v1 = await kit.startChat()
    const v1Answer = await kit.post(
      `/genesys/2/chat/request-chat/${v1.chat.chatSessionId}/refresh`,
      { secureKey: 'x' },
    )
    expect(decodeV2Strictly(v1Answer.body).errors?.[0]?.code).toBe(110)
    const { events } = kit.engine.readTranscript(chat.chatId, 'supervisor')
    expect(events.filter((event) => event.type === 'message')).toHaveLength(1)
  })

  it('answers paths, methods, services and bodies with the documented codes', async () => {
    const kit = await startGmsKit()
    const customer = new V2RestCustomer(kit)
    await customer.requestChat()
    const chatId = customer.chat!.chatId
    const cases: [string, number, number][] = [
      ['/genesys/2/chat/request-chat//customNotice', 404, 100],
      ['/genesys/2/chat/request-chat/x/unknownOp', 404, 100],
      ['/genesys/2/other', 404, 100],
      ['/genesys/2/chat/no-such-service', 404, 101],
      [`/genesys/2/chat/request-chat/${chatId}/file/limits`, 501, 120],
      ['/genesys/2/chat-ntf', 501, 120],
      ['/genesys/2/chat/%E0%A4%A/x/refresh', 404, 100],
    ]
    for (const [path, status, code] of cases) {
      const answer = await kit.post(path, { secureKey: 'k' })
      expect(answer.status, path).toBe(status)
      expect(decodeV2Strictly(answer.body).errors?.[0]?.code, path).toBe(code)
    }
    const get = await fetch(`${kit.url}/genesys/2/chat/request-chat`)
    expect(get.status).toBe(405)
    expect(decodeV2Strictly(await get.json()).errors?.[0]?.code).toBe(106)
    const xml = await kit.post('/genesys/2/chat/request-chat', '<a/>', {
      'content-type': 'application/xml',
    })
    expect(xml.status).toBe(415)
    expect(decodeV2Strictly(xml.body).errors?.[0]?.code).toBe(104)
    const flood = await kit.post('/genesys/2/chat/request-chat', 'a=&'.repeat(200))
    expect(flood.status).toBe(413)
    expect(decodeV2Strictly(flood.body).errors?.[0]?.code).toBe(105)
    const noName = await kit.post('/genesys/2/chat/request-chat/', { nickname: '', text: '' })
    expect(noName.status).toBe(400)
    expect(noName.body).toMatchObject({ errors: [{ code: 102 }] })
    expect(String(decodeV2Strictly(noName.body).errors?.[0]?.advice)).toContain('nickname')
    const badEndpoint = await kit.post('/genesys/2/chat/request-chat', {
      nickname: 'A',
      endpoint: 'nowhere',
    })
    expect(badEndpoint.body).toMatchObject({ errors: [{ code: 103 }] })
    const badPosition = await customer.operate('refresh', { transcriptPosition: '1.5' })
    expect(badPosition.status).toBe(400)
    expect(badPosition.body).toMatchObject({ errors: [{ code: 103 }], chatEnded: false })
  })

  it('accepts JSON bodies with userData as an object and refuses nested values elsewhere', async () => {
    const kit = await startGmsKit()
    const json = { 'content-type': 'application/json' }
    const answer = await kit.post(
      '/genesys/2/chat/request-chat',
      JSON.stringify({ nickname: 'Jo', userData: { tier: 'gold', visits: 3, extra: { a: 1 } } }),
      json,
    )
    const chat = decodeV2Strictly(answer.body)
    expect(chat.statusCode).toBe(0)
    expect(kit.engine.getSession(chat.chatId, 'agent')?.userData).toMatchObject({
      tier: 'gold',
      visits: '3',
      extra: '{"a":1}',
    })
    const nested = await kit.post(
      '/genesys/2/chat/request-chat',
      JSON.stringify({ nickname: { first: 'Jo' } }),
      json,
    )
    expect(nested.status).toBe(400)
    expect(decodeV2Strictly(nested.body).errors?.[0]?.code).toBe(103)
  })

  it('caps user data at 100 keys and 64 KiB per chat, storing nothing past it', async () => {
    const kit = await startGmsKit()
    const keys = Object.fromEntries(
      Array.from({ length: 101 }, (_, index) => [`userData[k${index}]`, 'v']),
    )
    const tooMany = await kit.post<V2Answer>('/genesys/2/chat/request-chat', {
      nickname: 'A',
      ...keys,
    })
    expect(tooMany.status).toBe(400)
    expect(decodeV2Strictly(tooMany.body).errors?.[0]).toMatchObject({ code: 103 })
    expect(tooMany.body.errors?.[0]?.advice).toContain('100')
    const big = await kit.post('/genesys/2/chat/request-chat', {
      nickname: 'A',
      'userData[blob]': 'x'.repeat(70_000),
    })
    expect(big.status).toBe(400)
    expect(kit.engine.openSessionCount()).toBe(0)
  })

  it('answers 503 with statusCode 1 at the session limit', async () => {
    const kit = await startGmsKit({ limits: { maxOpenSessions: 1 } })
    expect((await new V2RestCustomer(kit).requestChat()).status).toBe(200)
    const full = await new V2RestCustomer(kit).requestChat()
    expect(full.status).toBe(503)
    expect(full.body).toMatchObject({ statusCode: 1, errors: [{ code: 130 }] })
  })

  it('refuses operations that post once the chat has ended, but keeps refresh and disconnect', async () => {
    const kit = await startGmsKit()
    const customer = new V2RestCustomer(kit)
    await customer.requestChat()
    const left = await customer.operate('disconnect')
    expect(left.body).toMatchObject({ statusCode: 0, chatEnded: true })
    const badAndLate = await customer.operate('send', { message: '', transcriptPosition: 'x' })
    expect(badAndLate.body).toMatchObject({ errors: [{ code: 112 }], chatEnded: true })
    const send = await customer.operate('send', { message: 'too late' })
    expect(send.status).toBe(200)
    expect(send.body).toMatchObject({ statusCode: 2, chatEnded: true, errors: [{ code: 112 }] })
    const refresh = await customer.operate('refresh')
    expect(refresh.body).toMatchObject({ statusCode: 0, chatEnded: true })
    expect(messagesOf(refresh.body).map(([type]) => type)).toEqual([
      'ParticipantJoined',
      'ParticipantLeft',
      'ParticipantLeft',
    ])
  })

  it('removes a v2 customer whose client stops calling, with reason code 3', async () => {
    const kit = await startGmsKit({ flexDisconnectTimeoutSeconds: 45 })
    const customer = new V2RestCustomer(kit)
    await customer.requestChat()
    await kit.advance(seconds(40))
    await customer.operate('refresh')
    await kit.advance(seconds(40))
    expect(kit.engine.getSession(customer.chat!.chatId, 'customer')?.state).not.toBe('closed')
    await kit.advance(seconds(10))
    const { events } = kit.engine.readTranscript(customer.chat!.chatId, 'supervisor')
    expect(events).toContainEqual(expect.objectContaining({ type: 'party-left', reasonCode: 3 }))
  })
})

describe('GMS v2 idle alerts', () => {
  it('tells Widgets which timer comes next: a second alert, then the close', async () => {
    const kit = await startGmsKit()
    const customer = new V2RestCustomer(kit)
    await customer.requestChat()
    const sessionId = customer.chat!.chatId
    await kit.engine.joinAgent(sessionId, { userId: 'agent1', nickname: 'Alex' })
    await kit.engine.configureIdle(sessionId, {
      change: {
        resetParameters: false,
        changes: { enabled: true, timeoutAlert: 30, timeoutAlert2: 20, timeoutClose: 10 },
      },
      by: 'test',
    })
    for (const step of [30, 20]) {
      await kit.advance(seconds(step))
      await customer.operate('refresh', { transcriptPosition: '0' })
    }
    const answer = await customer.operate('refresh')
    const alerts = answer.body.messages.filter((message) => message.type === 'IdleAlert')
    expect(alerts.map((alert) => alert.userData)).toEqual([
      { 'next-idle-timer-type': 'ALERT', 'next-idle-timer-secs': '20' },
      { 'next-idle-timer-type': 'CLOSE', 'next-idle-timer-secs': '10' },
    ])
  })
})

describe('GMS v2 visibility', () => {
  it('shows a monitoring supervisor only from its barge-in, numbering no hidden party', async () => {
    const kit = await startGmsKit()
    const customer = new V2RestCustomer(kit)
    await customer.requestChat()
    const sessionId = customer.chat!.chatId
    const { engine } = kit
    await engine.sendAsExternal(sessionId, {
      nickname: 'vip-bot',
      visibility: 'VIP',
      content: { kind: 'message', text: 'VIP: churn risk' },
    })
    const { partyId: supervisorId } = await engine.joinSupervisor(sessionId, {
      userId: 'supervisor1',
      nickname: 'Sam',
      mode: 'monitor',
    })
    await engine.send(sessionId, {
      partyId: supervisorId,
      content: { kind: 'message', text: 'VIP: watch this' },
    })
    const { partyId: agentId } = await engine.joinAgent(sessionId, {
      userId: 'agent1',
      nickname: 'Alex',
    })
    await engine.send(sessionId, {
      partyId: agentId,
      visibility: 'INT',
      content: { kind: 'message', text: 'INT: note' },
    })
    await engine.setSupervisorMode(sessionId, supervisorId, 'barge-in')
    await engine.send(sessionId, {
      partyId: supervisorId,
      content: { kind: 'message', text: 'Hello from Sam' },
    })
    const answer = await customer.operate('refresh')
    expect(
      answer.body.messages.map((message) => [
        message.index,
        message.type,
        message.from.nickname,
        message.from.participantId,
      ]),
    ).toEqual([
      [1, 'ParticipantJoined', 'Ann', 1],
      [2, 'ParticipantJoined', 'Alex', 2],
      [3, 'ParticipantJoined', 'Sam', 3],
      [4, 'Message', 'Sam', 3],
    ])
    expect(answer.body.nextPosition).toBe(5)
    expect(JSON.stringify(answer.body)).not.toMatch(/VIP|INT|vip-bot/)
  })
})
