/**
 * GMS Chat API v2 over CometD (docs/gms.md, "v2 over CometD") with the real CometD JavaScript
 * client, used as the field clients use it: Widgets add a listener on the service channel and
 * never subscribe, GMSLibrary and the Java SDK subscribe first; nobody sends `gms_user`.
 */
import { CometD, type Message } from 'cometd'
import { adapt } from 'cometd-nodejs-client'
import { afterEach, describe, expect, it } from 'vitest'
import { startGmsKit, type GmsKit } from './gms-test-kit'
import { decodeV2Strictly, messagesOf, type V2Answer } from './v2-test-kit'

adapt()

const clients = new Set<V2CometdCustomer>()
afterEach(async () => {
  await Promise.all([...clients].map((client) => client.disconnect()))
})

class V2CometdCustomer {
  readonly cometd = new CometD()
  readonly received: V2Answer[] = []
  private waiters: (() => void)[] = []

  constructor(
    kit: GmsKit,
    readonly channel = '/service/chatV2/request-chat',
  ) {
    this.cometd.websocketEnabled = false
    this.cometd.configure({ url: `${kit.url}/genesys/cometd`, logLevel: 'warn' })
    clients.add(this)
  }

  /** Widgets: a listener on the channel, no subscription. */
  async handshakeAndListen(): Promise<Message> {
    this.cometd.addListener(this.channel, (message) => this.collect(message))
    return new Promise((resolve) => this.cometd.handshake(resolve))
  }

  /** GMSLibrary and the Java SDK: subscribe, and publish only once that has succeeded. */
  async handshakeAndSubscribe(): Promise<Message> {
    await new Promise((resolve) => this.cometd.handshake(resolve))
    return new Promise((resolve) =>
      this.cometd.subscribe(this.channel, (message) => this.collect(message), resolve),
    )
  }

  publish(data: Record<string, unknown>): Promise<Message> {
    return new Promise((resolve) => this.cometd.publish(this.channel, data, resolve))
  }

  async waitFor(count: number): Promise<V2Answer[]> {
    while (this.received.length < count) {
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
    return this.received.slice(0, count)
  }

  disconnect(): Promise<void> {
    clients.delete(this)
    if (this.cometd.isDisconnected()) return Promise.resolve()
    return new Promise((resolve) => this.cometd.disconnect(() => resolve()))
  }

  private collect(message: Message): void {
    this.received.push(decodeV2Strictly(message.data))
    for (const wake of this.waiters.splice(0)) wake()
  }
}

/** What Widgets add to every operation: the credentials, empty before the chat exists. */
function widgetsFields(chat?: V2Answer) {
  return {
    chatId: chat?.chatId ?? '',
    alias: chat?.alias ?? '',
    secureKey: chat?.secureKey ?? '',
    userId: chat?.userId ?? '',
  }
}

describe('GMS v2 CometD', () => {
  it('runs a Widgets chat on the service channel without subscribing or gms_user', async () => {
    const kit = await startGmsKit()
    const widgets = new V2CometdCustomer(kit)
    expect((await widgets.handshakeAndListen()).successful).toBe(true)
    const ack = await widgets.publish({
      operation: 'requestChat',
      nickname: 'Ann',
      firstName: 'Ann',
      lastName: 'Lee',
      subject: '',
      text: '',
      userData: { order: '42' },
      ...widgetsFields(),
    })
    expect(ack.successful).toBe(true)
    const [reply] = await widgets.waitFor(1)
    expect(reply).toMatchObject({ statusCode: 0, chatEnded: false, nextPosition: 2 })
    expect(messagesOf(reply!)).toEqual([['ParticipantJoined', 'Ann', undefined]])
    const chat = reply!
    expect(kit.engine.getSession(chat.chatId, 'agent')?.userData.order).toBe('42')

    const { engine } = kit
    await engine.sendAsExternal(chat.chatId, {
      nickname: 'router',
      visibility: 'VIP',
      content: { kind: 'message', text: 'secret supervisor note' },
    })
    const { partyId: agentId } = await engine.joinAgent(chat.chatId, {
      userId: 'agent1',
      nickname: 'Alex',
    })
    await engine.send(chat.chatId, { partyId: agentId, content: { kind: 'message', text: 'Hi' } })
    await widgets.publish({ operation: 'sendMessage', message: 'Hello', ...widgetsFields(chat) })
    await widgets.publish({ operation: 'startTyping', message: 'mor', ...widgetsFields(chat) })
    await engine.closeSession(chat.chatId, agentId)

    // Pushes (non-empty) and replies (empty messages) interleave; every event arrives once.
    const pushed = async () => {
      for (;;) {
        const all = widgets.received.flatMap((answer) => answer.messages)
        if (
          all.some(
            (message) => message.type === 'ParticipantLeft' && message.from.nickname === 'system',
          )
        ) {
          return all
        }
        await widgets.waitFor(widgets.received.length + 1)
      }
    }
    const messages = await pushed()
    expect(messages.map((message) => message.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(messages.map((message) => [message.type, message.from.nickname])).toEqual([
      ['ParticipantJoined', 'Ann'],
      ['ParticipantJoined', 'Alex'],
      ['Message', 'Alex'],
      ['Message', 'Ann'],
      ['TypingStarted', 'Ann'],
      ['ParticipantLeft', 'Ann'],
      ['ParticipantLeft', 'Alex'],
      ['ParticipantLeft', 'system'],
    ])
    expect(JSON.stringify(widgets.received)).not.toContain('secret supervisor note')
    expect(JSON.stringify(widgets.received)).not.toContain('router')
    expect(widgets.received.at(-1)?.chatEnded).toBe(true)
    expect(kit.loggedErrors).toEqual([])
  })

  it('serves a subscribed client sending secureKey only, one reply per operation', async () => {
    const kit = await startGmsKit()
    const sdk = new V2CometdCustomer(kit)
    const subscription = await sdk.handshakeAndSubscribe()
    expect(subscription).toMatchObject({
      successful: true,
      subscription: '/service/chatV2/request-chat',
    })
    await sdk.publish({ operation: 'requestChat', firstName: 'Bo', lastName: 'Yu' })
    const [chat] = await sdk.waitFor(1)
    expect(messagesOf(chat!)).toEqual([['ParticipantJoined', 'Bo Yu', undefined]])
    const secureKey = chat!.secureKey
    await sdk.publish({ operation: 'customNotice', secureKey, message: 'hello' })
    await sdk.publish({ operation: 'stopTyping', secureKey })
    await sdk.publish({ operation: 'sendMessage', secureKey: 'f'.repeat(16), message: 'x' })
    await sdk.publish({ operation: 'noSuchThing', secureKey })
    await sdk.publish({ secureKey })
    await sdk.publish({ operation: 'fileGetLimits', secureKey })
    await sdk.publish({ operation: 'requestNotifications', secureKey, transcriptPosition: 0 })
    const answers = await sdk.waitFor(10)
    const isReply = (answer: V2Answer, index: number) =>
      index === 0 || answer.statusCode !== 0 || answer.messages.length === 0
    const codes = answers
      .filter(isReply)
      .map((answer) => answer.errors?.[0]?.code ?? answer.statusCode)
    expect(codes).toEqual([0, 0, 0, 111, 140, 140, 120])
    // requestNotifications with 0 brings everything, the other non-empty answers are pushes.
    const withStart = answers.filter(
      (answer, index) =>
        index > 0 && answer.statusCode === 0 && answer.messages.some((m) => m.index === 1),
    )
    expect(withStart).toHaveLength(1)
    expect(withStart[0]?.messages.map((message) => message.type)).toEqual([
      'ParticipantJoined',
      'CustomNotice',
      'TypingStopped',
    ])
    const pushes = answers.filter(
      (answer, index) => !isReply(answer, index) && !withStart.includes(answer),
    )
    expect(pushes.flatMap((answer) => answer.messages.map((message) => message.index))).toEqual([
      2, 3,
    ])
    expect(kit.loggedErrors).toEqual([])
  })

  it('resumes after a background disconnect: a new client gets the missed events, then pushes', async () => {
    const kit = await startGmsKit()
    const first = new V2CometdCustomer(kit)
    await first.handshakeAndListen()
    await first.publish({ operation: 'requestChat', nickname: 'Cy', ...widgetsFields() })
    const [chat] = await first.waitFor(1)
    // GMSLibrary going to the background: /meta/disconnect with the position it has.
    await new Promise<void>((resolve) =>
      first.cometd.disconnect({ ext: { transcriptPosition: chat!.nextPosition } }, () => resolve()),
    )
    const { partyId } = await kit.engine.joinAgent(chat!.chatId, { userId: 'a', nickname: 'Di' })
    await kit.engine.send(chat!.chatId, { partyId, content: { kind: 'message', text: 'missed' } })
    const again = new V2CometdCustomer(kit)
    await again.handshakeAndListen()
    await again.publish({
      operation: 'requestNotifications',
      transcriptPosition: chat!.nextPosition,
      ...widgetsFields(chat),
    })
    const [resumed] = await again.waitFor(1)
    expect(messagesOf(resumed!)).toEqual([
      ['ParticipantJoined', 'Di', undefined],
      ['Message', 'Di', 'missed'],
    ])
    expect(resumed!.messages.map((message) => message.index)).toEqual([2, 3])
    await kit.engine.send(chat!.chatId, { partyId, content: { kind: 'message', text: 'live' } })
    const [, push] = await again.waitFor(2)
    expect(messagesOf(push!)).toEqual([['Message', 'Di', 'live']])
    expect(push!.messages[0]?.index).toBe(4)
    expect(first.received).toHaveLength(1)
  })

  it("never gives a client another chat's traffic, nor lets it subscribe widely", async () => {
    const kit = await startGmsKit()
    const ann = new V2CometdCustomer(kit)
    await ann.handshakeAndListen()
    await ann.publish({ operation: 'requestChat', nickname: 'Ann', ...widgetsFields() })
    const [annChat] = await ann.waitFor(1)
    const eve = new V2CometdCustomer(kit)
    await eve.handshakeAndListen()
    for (const channel of ['/**', '/service/**', '/service/chatV2/*', '/_genesys']) {
      const refused = await new Promise<Message>((resolve) =>
        eve.cometd.subscribe(channel, () => undefined, resolve),
      )
      expect(refused.successful, channel).toBe(false)
    }
    // Eve guesses the chat id but not the key; her publish is answered to her alone.
    await eve.publish({ operation: 'sendMessage', chatId: annChat!.chatId, secureKey: 'guess' })
    const [refusal] = await eve.waitFor(1)
    expect(refusal).toMatchObject({ statusCode: 2, errors: [{ code: 111 }] })
    expect(refusal).not.toHaveProperty('chatEnded')
    const { partyId } = await kit.engine.joinAgent(annChat!.chatId, { userId: 'a', nickname: 'Al' })
    await kit.engine.send(annChat!.chatId, {
      partyId,
      content: { kind: 'message', text: 'Ann only' },
    })
    await ann.waitFor(3)
    expect(JSON.stringify(eve.received)).not.toContain('Ann only')
    expect(eve.received).toHaveLength(1)
    const unknown = new V2CometdCustomer(kit, '/service/chatV2/no-such-service')
    await unknown.handshakeAndListen()
    await unknown.publish({ operation: 'requestChat', nickname: 'X' })
    const [noService] = await unknown.waitFor(1)
    expect(noService).toMatchObject({ statusCode: 2, errors: [{ code: 101 }] })
  })

  it('keeps an attached customer while its connection lives and removes it with code 3 after', async () => {
    const kit = await startGmsKit({ flexDisconnectTimeoutSeconds: 45 })
    const client = new V2CometdCustomer(kit)
    await client.handshakeAndListen()
    await client.publish({ operation: 'requestChat', nickname: 'Ed', ...widgetsFields() })
    const [chat] = await client.waitFor(1)
    await kit.advance(60_000)
    await kit.advance(60_000)
    expect(kit.engine.getSession(chat!.chatId, 'customer')?.parties[0]?.isPresent).toBe(true)
    await client.disconnect()
    await kit.advance(50_000)
    const { events } = kit.engine.readTranscript(chat!.chatId, 'supervisor')
    expect(events).toContainEqual(expect.objectContaining({ type: 'party-left', reasonCode: 3 }))
  })

  it('pushes every event to each of two attached tabs, and stops when one disconnects', async () => {
    const kit = await startGmsKit()
    const first = new V2CometdCustomer(kit)
    await first.handshakeAndListen()
    await first.publish({ operation: 'requestChat', nickname: 'Tab', ...widgetsFields() })
    const [chat] = await first.waitFor(1)
    const second = new V2CometdCustomer(kit)
    await second.handshakeAndListen()
    await second.publish({ operation: 'requestNotifications', ...widgetsFields(chat) })
    const [attached] = await second.waitFor(1)
    expect(attached?.messages.map((message) => message.index)).toEqual([1])
    const { partyId } = await kit.engine.joinAgent(chat!.chatId, { userId: 'a', nickname: 'Al' })
    const [, firstPush] = await first.waitFor(2)
    const [, secondPush] = await second.waitFor(2)
    expect(firstPush?.messages.map((message) => message.index)).toEqual([2])
    expect(secondPush?.messages.map((message) => message.index)).toEqual([2])
    await second.disconnect()
    await kit.engine.send(chat!.chatId, { partyId, content: { kind: 'message', text: 'one' } })
    const [, , thirdPush] = await first.waitFor(3)
    expect(thirdPush?.messages.map((message) => message.text)).toEqual(['one'])
    expect(second.received).toHaveLength(2)
  })
})
