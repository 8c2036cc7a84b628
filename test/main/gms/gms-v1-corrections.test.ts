/**
 * What real v1 clients send and how they decode the answers (docs/gms.md; docs/gms.md section 12):
 * Genesys' Android sample decodes party types with a strict enum of four and the transcript as
 * five strings; field clients send `_verbose=True`, position 0, query-string parameters and
 * JSON bodies.
 */
import { describe, expect, it } from 'vitest'
import { seconds } from '../../helpers/engine'
import { chatPath, startGmsKit, type ChatAnswer } from './gms-test-kit'

const PARTY_TYPES = new Set(['AGENT', 'CLIENT', 'EXTERNAL', 'SUPERVISOR'])
const STATES = new Set(['TRANSCRIPT', 'DISCONNECTED'])

/** Decodes a chat object the way the Android sample's strict parser does, or throws. */
function decodeStrictly(body: ChatAnswer): void {
  if (!STATES.has(body.chatIxnState)) throw new Error(`state ${body.chatIxnState}`)
  if (!Number.isInteger(body.transcriptPosition)) throw new Error('transcriptPosition')
  for (const entry of body.transcriptToShow) {
    if (entry.length !== 5 || entry.some((field) => typeof field !== 'string')) {
      throw new Error(`entry ${JSON.stringify(entry)}`)
    }
    if (!PARTY_TYPES.has(entry[4])) throw new Error(`party type ${entry[4]}`)
  }
}

describe('GMS v1 corrections for real clients', () => {
  it('shows idle alerts, the idle close and the session end with a party type strict clients know', async () => {
    const kit = await startGmsKit()
    const { serviceId, chat } = await kit.startChat()
    const sessionId = chat.chatSessionId
    await kit.engine.configureIdle(sessionId, {
      change: { resetParameters: false, changes: { enabled: true, timeoutAlert: 30 } },
      by: 'test',
    })
    await kit.engine.joinAgent(sessionId, { userId: 'a1', nickname: 'Alex' })
    await kit.advance(seconds(30))
    await kit.chatCall(serviceId, 'refresh')
    await kit.advance(seconds(50))
    const answer = await kit.chatCall(serviceId, 'refresh', { transcriptPosition: '1' })
    expect(() => decodeStrictly(answer.body)).not.toThrow()
    const systemEntries = answer.body.transcriptToShow.filter((entry) => entry[1] === 'system')
    expect(systemEntries.length).toBeGreaterThanOrEqual(2)
    expect(systemEntries.every((entry) => entry[4] === 'EXTERNAL')).toBe(true)
    expect(answer.body.chatIxnState).toBe('DISCONNECTED')
  })

  it('reads transcriptPosition 0 as the start, like 1', async () => {
    const kit = await startGmsKit()
    const { serviceId } = await kit.startChat()
    await kit.chatCall(serviceId, 'send', { message: 'hello' })
    const fromZero = await kit.chatCall(serviceId, 'refresh', { transcriptPosition: '0' })
    const fromOne = await kit.chatCall(serviceId, 'refresh', { transcriptPosition: '1' })
    expect(fromZero.status).toBe(200)
    expect(fromZero.body.transcriptToShow).toEqual(fromOne.body.transcriptToShow)
    expect(fromZero.body.transcriptToShow).toHaveLength(2)
  })

  it('reads _verbose in any case', async () => {
    const kit = await startGmsKit()
    const { serviceId } = await kit.startChat()
    for (const value of ['True', 'TRUE', 'true']) {
      const answer = await kit.chatCall(serviceId, 'refresh', { _verbose: value })
      expect(answer.body.secureKey, value).toMatch(/^[0-9a-f]{16}$/)
    }
    const quiet = await kit.chatCall(serviceId, 'refresh', { _verbose: 'FALSE' })
    expect(quiet.status).toBe(200)
    expect(quiet.body.secureKey).toBeUndefined()
  })

  it('reads parameters from the query string, a body value winning', async () => {
    const kit = await startGmsKit()
    const serviceId = await kit.createService()
    const started = await kit.post<ChatAnswer>(`${chatPath(serviceId)}?firstName=Query&lastName=Q`)
    expect(started.body.transcriptToShow[0]?.[1]).toBe('Query Q')
    const sent = await kit.post<ChatAnswer>(
      `${chatPath(serviceId)}/send?message=from%20query&transcriptPosition=2`,
      { message: 'from body' },
    )
    expect(sent.body.transcriptToShow.map((entry) => entry[2])).toEqual(['from body'])
  })

  it('accepts JSON bodies on the chat calls but not on request-chat', async () => {
    const kit = await startGmsKit()
    const serviceId = await kit.createService()
    const json = { 'content-type': 'application/json' }
    const started = await kit.post<ChatAnswer>(
      chatPath(serviceId),
      JSON.stringify({ firstName: 'Jo', lastName: 'Son', clientTimeZoneOffset: 60 }),
      json,
    )
    expect(started.status).toBe(200)
    expect(started.body.transcriptToShow[0]?.[1]).toBe('Jo Son')
    const sent = await kit.post<ChatAnswer>(
      `${chatPath(serviceId)}/send`,
      JSON.stringify({ message: 'hi', transcriptPosition: 2, _verbose: false, unused: null }),
      json,
    )
    expect(sent.status).toBe(200)
    expect(sent.body.transcriptToShow.map((entry) => entry[2])).toEqual(['hi'])
    const nested = await kit.post(`${chatPath(serviceId)}/send`, '{"message":{"a":1}}', json)
    expect(nested.status).toBe(415)
    expect(nested.body).toMatchObject({ exception: 'InvalidParameter' })
    const broken = await kit.post(`${chatPath(serviceId)}/send`, '{"message":', json)
    expect(broken.status).toBe(415)
    const service = await kit.post('/genesys/1/service/request-chat', '{}', json)
    expect(service.status).toBe(415)
    expect(service.body).toMatchObject({ exception: 'UnsupportedMediaType' })
  })

  it('accepts an empty body whatever its content type', async () => {
    const kit = await startGmsKit()
    const { serviceId } = await kit.startChat()
    for (const contentType of ['text/plain', 'application/json', 'application/xml']) {
      const response = await fetch(`${kit.url}${chatPath(serviceId)}/refresh`, {
        method: 'POST',
        headers: { 'content-type': contentType },
      })
      expect(response.status, contentType).toBe(200)
    }
  })

  it('refuses more than 128 parameters, body and query together, with 413 and stays up', async () => {
    const kit = await startGmsKit()
    const { serviceId } = await kit.startChat()
    const fields = (count: number, prefix = 'k') =>
      Array.from({ length: count }, (_, index) => `${prefix}${index}=v`).join('&')
    // 1 MiB of `a=&a=...`: ~170k fields, refused before any of them is parsed.
    const flood = await kit.post('/genesys/1/service/request-chat', 'a=&'.repeat(170_000))
    expect(flood.status).toBe(413)
    expect(flood.body).toMatchObject({ exception: 'RequestTooLarge' })
    expect(String(flood.body.message)).toContain('Too many form fields')
    const split = await kit.post(`${chatPath(serviceId)}/refresh?${fields(65, 'q')}`, fields(64))
    expect(split.status).toBe(413)
    const json = JSON.stringify(
      Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, 1])),
    )
    const jsonFlood = await kit.post(`${chatPath(serviceId)}/refresh`, json, {
      'content-type': 'application/json',
    })
    expect(jsonFlood.status).toBe(413)
    const multipart = new FormData()
    for (let index = 0; index < 129; index += 1) multipart.append(`k${index}`, 'v')
    expect((await kit.post(`${chatPath(serviceId)}/refresh`, multipart)).status).toBe(413)
    const fine = await kit.post(`${chatPath(serviceId)}/refresh?${fields(60, 'q')}`, fields(60))
    expect(fine.status).toBe(200)
  })

  it('answers a multipart part without a name with a client error on both versions, never 500', async () => {
    const kit = await startGmsKit()
    const body = '--XX\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n--XX--\r\n'
    const headers = { 'content-type': 'multipart/form-data; boundary=XX' }
    const v1 = await kit.post('/genesys/1/service/request-chat', body, headers)
    expect(v1.status).toBe(415)
    expect(v1.body).toMatchObject({ exception: 'InvalidParameter' })
    const v2 = await kit.post('/genesys/2/chat/request-chat', body, headers)
    expect(v2.status).toBe(415)
    expect(v2.body).toMatchObject({ statusCode: 2, errors: [{ code: 104 }] })
    expect(kit.loggedErrors).toEqual([])
  })
})
