import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EngineError } from '../../../src-main/engine/engine-error'
import { EspFaultError, toFault } from '../../../src-main/esp/esp-faults'
import { otherApplication, startChat, testApplication } from '../../helpers/engine'
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
  ;({ server, client, sessionId } = await openEspChat({
    engine: { applications: [testApplication(), otherApplication()] },
  }))
})

afterEach(async () => {
  vi.restoreAllMocks()
  await closeEspChat({ server, client })
})

const hi = { MessageText: 'hi' }
const faultOf = async (request: Record<string, unknown>) => asFault(await client.request(request))

describe('envelope faults', () => {
  it.each([
    ['service absent', { method: 'Message' }],
    ['method absent', { service: 'Chat' }],
    ['service a number', { service: 1, method: 'Message' }],
    ['method an object', { service: 'Chat', method: {} }],
    ['application a number', { service: 'Chat', method: 'Message', application: 3 }],
    ['interactionId a number', { service: 'Chat', method: 'Message', interactionId: 5 }],
    ['parameters an array', { service: 'Chat', method: 'Message', parameters: ['a'] }],
    ['parameters a text', { service: 'Chat', method: 'Message', parameters: 'MessageText=hi' }],
    ['a parameter null', { service: 'Chat', method: 'Message', parameters: { MessageText: null } }],
    ['a parameter an object', { service: 'Chat', method: 'Message', parameters: { X: {} } }],
    ['userData a text', { service: 'Chat', method: 'Message', userData: 'x' }],
  ])('answers malformed-request for %s, echoing referenceId', async (_case, body) => {
    const before = fullTranscript(server.engine, sessionId)
    const answer = await faultOf({ referenceId: 'ref-1', interactionId: sessionId, ...body })
    expect(fullTranscript(server.engine, sessionId)).toEqual(before)
    expect(answer.referenceId).toBe('ref-1')
    expect(answer.fault.code).toBe('malformed-request')
    expect(answer.ignoredParameters).toBeUndefined()
  })

  it.each([[[]], [3], ['"text"'], [null], [true]])(
    'answers malformed-request for %j',
    async (raw) => {
      client.send(JSON.stringify(raw))
      const [answer] = await client.waitForCount(1)
      expect(answer).toEqual({
        referenceId: null,
        event: 'Event3rdServerFault',
        fault: { code: 'malformed-request', text: 'The request must be a JSON object' },
      })
    },
  )

  it('answers null for a referenceId of the wrong type', async () => {
    client.send(JSON.stringify({ referenceId: { id: 1 }, service: 'Chat', method: 'Message' }))
    const [answer] = await client.waitForCount(1)
    expect(asFault(answer)).toMatchObject({
      referenceId: null,
      fault: { code: 'malformed-request' },
    })
  })

  it('answers unknown-service for a service other than Chat', async () => {
    const answer = await faultOf({ ...espRequest('Message', sessionId, hi), service: 'chat' })
    expect(answer.fault.code).toBe('unknown-service')
  })

  it.each(['Messages', 'message', 'toString', '__proto__', ''])(
    'answers unknown-method for %j',
    async (method) => {
      const answer = await faultOf(espRequest(method, sessionId, hi))
      expect(answer.fault.code).toBe('unknown-method')
    },
  )

  it('answers missing-interaction without interactionId or userData.InteractionId', async () => {
    const request = espRequest('Message', sessionId, hi)
    delete request.interactionId
    expect((await faultOf(request)).fault.code).toBe('missing-interaction')
    const empty = { ...request, interactionId: '', userData: { InteractionId: '' } }
    expect((await faultOf(empty)).fault.code).toBe('missing-interaction')
  })

  it('takes the session from userData.InteractionId when interactionId is absent', async () => {
    const request = espRequest('Message', sessionId, hi, { userData: { InteractionId: sessionId } })
    delete request.interactionId
    expect(asResponse(await client.request(request)).result.sessionId).toBe(sessionId)
  })

  it('answers unknown-session for an id no session has', async () => {
    const answer = await faultOf(espRequest('Message', 'S999999999999999', hi))
    expect(answer.fault.code).toBe('unknown-session')
  })

  it('answers unknown-application for an unknown name or one not owning the session', async () => {
    for (const application of ['NoSuchServer', 'OtherServer', 'chatserver']) {
      const answer = await faultOf(espRequest('Message', sessionId, hi, { application }))
      expect(answer.fault.code).toBe('unknown-application')
    }
    const request = espRequest('Message', sessionId, hi)
    delete request.application
    asResponse(await client.request(request))
  })

  it('answers session-closed for a closed session and appends nothing', async () => {
    const chat = await startChat(server.engine)
    await server.engine.leave(chat.sessionId, chat.customerPartyId)
    const before = fullTranscript(server.engine, chat.sessionId)
    for (const method of ['Message', 'Notice', 'IdleControlConfigure', 'ConfigureSession']) {
      const answer = await faultOf(espRequest(method, chat.sessionId, { enabled: 'bogus' }))
      expect(answer.fault.code).toBe('session-closed')
    }
    expect(fullTranscript(server.engine, chat.sessionId)).toEqual(before)
  })
})

describe('fault order', () => {
  it('checks the envelope before the service, the service before the method', async () => {
    const malformed = { service: 'Nope', method: 'Nope', interactionId: 1 }
    expect((await faultOf(malformed)).fault.code).toBe('malformed-request')
    const badService = { service: 'Nope', method: 'Nope', interactionId: sessionId }
    expect((await faultOf(badService)).fault.code).toBe('unknown-service')
  })

  it('checks the method before the session, the session before the application', async () => {
    const noSession = espRequest('Nope', 'S999999999999999')
    expect((await faultOf(noSession)).fault.code).toBe('unknown-method')
    const both = espRequest('Message', 'S999999999999999', {}, { application: 'Nope' })
    expect((await faultOf(both)).fault.code).toBe('unknown-session')
  })

  it('checks the session state before the parameters, missing before invalid', async () => {
    const chat = await startChat(server.engine)
    await server.engine.leave(chat.sessionId, chat.customerPartyId)
    expect((await faultOf(espRequest('Message', chat.sessionId))).fault.code).toBe('session-closed')
    const both = espRequest('Message', sessionId, { Visibility: 'EVERYONE' })
    expect((await faultOf(both)).fault).toMatchObject({
      code: 'missing-parameter',
      parameter: 'MessageText',
    })
  })
})

describe('internal-error', () => {
  it('says what failed when the engine rejects, and the transcript is unchanged', async () => {
    vi.spyOn(server.engine, 'sendAsExternal').mockRejectedValueOnce(new Error('disk full'))
    const before = fullTranscript(server.engine, sessionId)
    const answer = await faultOf(espRequest('Message', sessionId, hi))
    expect(answer.fault).toEqual({
      code: 'internal-error',
      text: `Message on session ${sessionId} failed: Error: disk full`,
    })
    expect(fullTranscript(server.engine, sessionId)).toEqual(before)
    asResponse(await client.request(espRequest('Message', sessionId, hi)))
  })

  it('answers a synchronous throw too, and the connection stays usable', async () => {
    vi.spyOn(server.engine, 'configureIdle').mockImplementationOnce(() => {
      throw new TypeError('boom')
    })
    const answer = await faultOf(espRequest('IdleControlConfigure', sessionId, { enabled: true }))
    expect(answer.fault.code).toBe('internal-error')
    expect(answer.fault.text).toContain('TypeError: boom')
    asResponse(await client.request(espRequest('Message', sessionId, hi)))
  })
})

describe('toFault', () => {
  it('keeps the code and parameter of an EngineError that is an ESP fault', () => {
    const error = new EngineError('invalid-parameter', 'too long', 'MessageText')
    expect(toFault(error, 'x')).toEqual({
      code: 'invalid-parameter',
      parameter: 'MessageText',
      text: 'too long',
    })
    expect(toFault(new EngineError('overloaded', 'full'), 'x').code).toBe('overloaded')
  })

  it('turns an engine code ESP cannot cause into internal-error naming the step', () => {
    const fault = toFault(new EngineError('forbidden', 'no'), 'Notice on session S1')
    expect(fault).toEqual({
      code: 'internal-error',
      text: 'Notice on session S1 failed: EngineError: no',
    })
    expect(toFault('a string', 'Step').text).toBe('Step failed: a string')
  })

  it('passes an EspFaultError through', () => {
    const error = new EspFaultError('no-parameters', 'none')
    expect(toFault(error, 'x')).toEqual({ code: 'no-parameters', text: 'none' })
  })
})
