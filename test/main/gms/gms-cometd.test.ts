import { afterEach, describe, expect, it } from 'vitest'
import { seconds } from '../../helpers/engine'
import { CometdCustomer, disconnectAllCustomers, type ChatNotification } from './cometd-customer'
import { chatPath, entriesOf, startGmsKit, type GmsKit } from './gms-test-kit'

afterEach(disconnectAllCustomers)

/** A customer that subscribed first, then started a comet chat (docs/gms.md, "CometD"). */
async function cometChat(kit: GmsKit, gmsUser: string, firstName: string) {
  const customer = new CometdCustomer(kit.url, gmsUser)
  const handshake = await customer.handshake()
  expect(handshake.successful).toBe(true)
  expect((await customer.subscribe()).successful).toBe(true)
  const { serviceId, chat } = await kit.startChat(
    { firstName, notify_by: 'comet' },
    { gms_user: gmsUser },
  )
  return { customer, serviceId, sessionId: chat.chatSessionId }
}

function tagsOf(notifications: ChatNotification[]): string[] {
  return notifications.map((notification) => notification.tag)
}

describe('GMS CometD delivery', () => {
  it('drives a whole chat over long polling with the real CometD client', async () => {
    const kit = await startGmsKit()
    const { customer, serviceId, sessionId } = await cometChat(kit, 'user-ann', 'Ann')
    const { engine } = kit

    const [joined] = await customer.waitForNotifications(1)
    expect(joined?.tag).toBe(`service.chat.refresh.1-${serviceId}`)
    expect(joined?.id).toMatch(/^[0-9a-f]+$/)
    expect(joined?.message).toMatchObject({ chatIxnState: 'TRANSCRIPT', transcriptPosition: 2 })
    expect(entriesOf(joined!.message)).toEqual([
      ['Notice.Joined', 'Ann', 'has joined the session', 'CLIENT'],
    ])

    await kit.advance(seconds(5))
    await engine.sendAsExternal(sessionId, {
      nickname: 'router',
      visibility: 'INT',
      content: { kind: 'message', text: 'hidden routing note' },
    })
    const { partyId: agentId } = await engine.joinAgent(sessionId, {
      userId: 'agent1',
      nickname: 'Alex',
    })
    await engine.send(sessionId, { partyId: agentId, content: { kind: 'message', text: 'Hi Ann' } })
    await kit.chatCall(serviceId, 'send', { message: 'Hello!' }, { gms_user: 'user-ann' })
    await engine.closeSession(sessionId, agentId)

    const all = await customer.waitForNotifications(5)
    expect(tagsOf(all)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `service.chat.refresh.${n}-${serviceId}`),
    )
    expect(all.slice(1).map((notification) => entriesOf(notification.message))).toEqual([
      [['Notice.Joined', 'Alex', 'has joined the session', 'AGENT']],
      [['Message.Text', 'Alex', 'Hi Ann', 'AGENT']],
      [['Message.Text', 'Ann', 'Hello!', 'CLIENT']],
      [
        ['Notice.Left', 'Ann', 'has left the session', 'CLIENT'],
        ['Notice.Left', 'Alex', 'has left the session', 'AGENT'],
        ['Notice.Left', 'system', 'has left the session', 'EXTERNAL'],
      ],
    ])
    expect(all.map((notification) => notification.message.transcriptPosition)).toEqual([
      2, 3, 4, 5, 8,
    ])
    expect(all[4]?.message.chatIxnState).toBe('DISCONNECTED')
    expect(JSON.stringify(all)).not.toContain('hidden routing note')
    expect(kit.loggedErrors).toEqual([])
  })

  it('never delivers one customer’s chat to another customer', async () => {
    const kit = await startGmsKit()
    const ann = await cometChat(kit, 'user-ann', 'Ann')
    const bob = await cometChat(kit, 'user-bob', 'Bob')
    const bystander = new CometdCustomer(kit.url, 'user-eve')
    await bystander.handshake()
    await bystander.subscribe()

    for (const [chat, text] of [
      [ann, 'for Ann'],
      [bob, 'for Bob'],
      [ann, 'for Ann again'],
    ] as const) {
      await kit.engine.sendAsExternal(chat.sessionId, {
        nickname: 'system',
        visibility: 'ALL',
        content: { kind: 'message', text },
      })
    }
    const annNotes = await ann.customer.waitForNotifications(3)
    const bobNotes = await bob.customer.waitForNotifications(2)

    expect(annNotes.every((note) => note.message.chatSessionId === ann.sessionId)).toBe(true)
    expect(bobNotes.every((note) => note.message.chatSessionId === bob.sessionId)).toBe(true)
    expect(JSON.stringify(annNotes)).not.toContain('Bob')
    expect(JSON.stringify(bobNotes)).not.toContain('Ann')
    expect(tagsOf(bobNotes)).toEqual(
      [1, 2].map((n) => `service.chat.refresh.${n}-${bob.serviceId}`),
    )
    // Later notifications went out after Eve's subscription: she would have seen them by now.
    await kit.chatCall(ann.serviceId, 'send', { message: 'done' })
    await ann.customer.waitForNotifications(4)
    expect(bystander.notifications).toEqual([])
  })

  it('accepts a handshake without gms_user but refuses its /_genesys subscription, naming the header', async () => {
    const kit = await startGmsKit()
    const customer = new CometdCustomer(kit.url)
    const handshake = await customer.handshake()
    expect(handshake.successful).toBe(true)
    const subscription = await customer.subscribe()
    expect(subscription.successful).toBe(false)
    expect(subscription.error).toContain('gms_user')
  })

  it('keeps a comet chat alive on Bayeux requests alone, and removes it once they stop', async () => {
    const kit = await startGmsKit()
    const { customer, serviceId, sessionId } = await cometChat(kit, 'user-ann', 'Ann')
    await customer.waitForNotifications(1)
    for (let step = 0; step < 3; step += 1) {
      await kit.advance(seconds(40))
      // Another tab of the same customer handshakes: a Bayeux request with that gms_user.
      await new CometdCustomer(kit.url, 'user-ann').handshake()
    }
    expect(kit.engine.getSession(sessionId, 'customer')?.state).toBe('queued')

    await customer.disconnect()
    await disconnectAllCustomers()
    await kit.advance(seconds(46))
    const summary = kit.engine.getSession(sessionId, 'supervisor')
    expect(summary?.state).toBe('closed')
    const left = kit.engine
      .readTranscript(sessionId, 'supervisor')
      .events.find((event) => event.type === 'party-left')
    expect(left).toMatchObject({ reasonCode: 3 })
    const answer = await kit.post(chatPath(serviceId) + '/refresh')
    expect(answer.body).toMatchObject({ chatIxnState: 'DISCONNECTED' })
  })
})
