import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ChatEvent, Role } from '../../../src-shared/domain'
import { startActiveChat, transcript } from '../../helpers/engine'
import {
  asFault,
  asResponse,
  espRequest,
  fullTranscript,
  closeEspChat,
  openEspChat,
  type EspChat,
} from './esp-test-kit'

let { server, client, sessionId } = {} as EspChat

beforeEach(async () => {
  ;({ server, client, sessionId } = await openEspChat())
})

afterEach(async () => {
  await closeEspChat({ server, client })
})

const message = (parameters: Record<string, unknown>, extra = {}) =>
  client.request(espRequest('Message', sessionId, parameters, extra))

const types = (events: ChatEvent[]) => events.map((event) => event.type)
const seenBy = (role: Role) => transcript(server.engine, sessionId, role)

describe('Message', () => {
  it('joins the EXTERNAL party "system" on first use, then posts the message (ALL)', async () => {
    const answer = asResponse(await message({ MessageText: 'An agent will be with you shortly' }))
    expect(answer.result).toEqual({ sessionId, eventIds: [2, 3] })
    expect(answer.ignoredParameters).toEqual([])
    const [, joined, posted] = fullTranscript(server.engine, sessionId)
    expect(joined).toMatchObject({ type: 'party-joined', visibility: 'ALL' })
    expect(joined).toMatchObject({ party: { nickname: 'system', type: 'EXTERNAL' } })
    expect(posted).toMatchObject({ type: 'message', visibility: 'ALL' })
    expect(posted).toMatchObject({ text: 'An agent will be with you shortly' })
    expect(posted?.partyId).toBe(joined?.partyId)
    expect(types(seenBy('customer'))).toEqual(['party-joined', 'party-joined', 'message'])
  })

  it('posts a later message of the same nickname without a second join', async () => {
    await message({ MessageText: 'one' })
    const answer = asResponse(await message({ MessageText: 'two' }))
    expect(answer.result.eventIds).toEqual([4])
  })

  it('carries MessageType and Nickname untouched', async () => {
    await message({ MessageText: 'hi', MessageType: 'greeting/v2', Nickname: 'Routing Bot' })
    const events = fullTranscript(server.engine, sessionId)
    expect(events.at(-2)).toMatchObject({ party: { nickname: 'Routing Bot', type: 'EXTERNAL' } })
    expect(events.at(-1)).toMatchObject({ text: 'hi', messageType: 'greeting/v2' })
  })

  it('shows an INT message to agents and supervisors only', async () => {
    const { sessionId: active } = await startActiveChat(server.engine)
    sessionId = active
    asResponse(await message({ MessageText: 'internal note', Visibility: 'INT' }))
    expect(types(seenBy('customer'))).not.toContain('message')
    expect(seenBy('agent').at(-1)).toMatchObject({ text: 'internal note', visibility: 'INT' })
    expect(seenBy('supervisor').at(-1)).toMatchObject({ text: 'internal note' })
  })

  it('keeps a party that only posts VIP invisible to customers and agents', async () => {
    asResponse(await message({ MessageText: 'for supervisors', Visibility: 'VIP' }))
    expect(types(seenBy('customer'))).toEqual(['party-joined'])
    expect(types(seenBy('agent'))).toEqual(['party-joined'])
    const [, joined, posted] = seenBy('supervisor')
    expect(joined).toMatchObject({ type: 'party-joined', visibility: 'VIP' })
    expect(posted).toMatchObject({ type: 'message', visibility: 'VIP' })
  })

  it('re-joins a VIP party with the wider visibility before its first wider event', async () => {
    await message({ MessageText: 'secret', Visibility: 'VIP' })
    const internal = asResponse(await message({ MessageText: 'note', Visibility: 'INT' }))
    expect(internal.result.eventIds).toEqual([4, 5])
    const open = asResponse(await message({ MessageText: 'hello', Visibility: 'ALL' }))
    expect(open.result.eventIds).toEqual([6, 7])
    const again = asResponse(await message({ MessageText: 'again', Visibility: 'INT' }))
    expect(again.result.eventIds).toEqual([8])
    const customer = seenBy('customer')
    expect(customer.slice(1).map((event) => [event.type, event.visibility])).toEqual([
      ['party-joined', 'ALL'],
      ['message', 'ALL'],
    ])
    const agent = seenBy('agent').slice(1)
    expect(agent.map((event) => event.type)).toEqual([
      'party-joined',
      'message',
      'party-joined',
      'message',
      'message',
    ])
  })

  it('marks the party a bot when userData.GCTI_Chat_PartyStyle is BOT', async () => {
    const userData = { GCTI_Chat_PartyStyle: 'BOT' }
    asResponse(await message({ MessageText: 'beep', Nickname: 'Bot' }, { userData }))
    asResponse(await message({ MessageText: 'hi', Nickname: 'Person' }))
    const parties = server.engine.getSession(sessionId, 'supervisor')?.parties ?? []
    expect(parties.find((party) => party.nickname === 'Bot')?.isBot).toBe(true)
    expect(parties.find((party) => party.nickname === 'Person')?.isBot).toBeUndefined()
  })

  it('lists parameters it does not know in ignoredParameters', async () => {
    const answer = asResponse(
      await message({ MessageText: 'hi', Visiblity: 'INT', Colour: 'red', Nickname: 'N' }),
    )
    expect(answer.ignoredParameters).toEqual(['Visiblity', 'Colour'])
    expect(fullTranscript(server.engine, sessionId).at(-1)?.visibility).toBe('ALL')
  })

  it('reads a number as its text', async () => {
    asResponse(await message({ MessageText: 42, Nickname: 7 }))
    expect(fullTranscript(server.engine, sessionId).at(-1)).toMatchObject({ text: '42' })
  })

  describe('limits', () => {
    it('accepts a MessageText of 16384 characters and refuses 16385', async () => {
      asResponse(await message({ MessageText: 'a'.repeat(16384) }))
      const fault = asFault(await message({ MessageText: 'a'.repeat(16385) })).fault
      expect(fault).toMatchObject({ code: 'invalid-parameter', parameter: 'MessageText' })
    })

    it('refuses an absent or empty MessageText as missing-parameter', async () => {
      for (const parameters of [{}, { MessageText: '' }, { Nickname: 'N' }]) {
        const fault = asFault(await message(parameters)).fault
        expect(fault).toMatchObject({ code: 'missing-parameter', parameter: 'MessageText' })
      }
    })

    it('accepts a MessageType of 64 characters and refuses 65', async () => {
      asResponse(await message({ MessageText: 'x', MessageType: 't'.repeat(64) }))
      const fault = asFault(await message({ MessageText: 'x', MessageType: 't'.repeat(65) }))
      expect(fault.fault).toMatchObject({ code: 'invalid-parameter', parameter: 'MessageType' })
    })

    it('accepts a Nickname of 1 and of 64 characters and refuses 65 or an empty one', async () => {
      asResponse(await message({ MessageText: 'x', Nickname: 'n' }))
      asResponse(await message({ MessageText: 'x', Nickname: 'n'.repeat(64) }))
      for (const Nickname of ['n'.repeat(65), '']) {
        const fault = asFault(await message({ MessageText: 'x', Nickname })).fault
        expect(fault).toMatchObject({ code: 'invalid-parameter', parameter: 'Nickname' })
      }
    })

    it('refuses a Visibility outside ALL, INT, VIP, naming it', async () => {
      for (const Visibility of ['EVERYONE', 'all', '']) {
        const answer = asFault(await message({ MessageText: 'x', Visibility }))
        expect(answer.fault).toEqual({
          code: 'invalid-parameter',
          parameter: 'Visibility',
          text: `Visibility must be ALL, INT or VIP (got ${JSON.stringify(Visibility)})`,
        })
      }
    })

    it('changes nothing when it refuses', async () => {
      const before = fullTranscript(server.engine, sessionId)
      await message({ MessageText: 'x', Visibility: 'EVERYONE' })
      await message({ MessageText: 'y'.repeat(16385) })
      expect(fullTranscript(server.engine, sessionId)).toEqual(before)
      expect(server.engine.getSession(sessionId, 'supervisor')?.parties).toHaveLength(2)
    })
  })
})
