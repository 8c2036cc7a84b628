/**
 * The caps on customer input (docs/gms.md, "Limits"): a flood is refused with a 4xx or 503 JSON
 * error naming the limit, stores nothing, and leaves the listener answering normal requests.
 */
import { describe, expect, it } from 'vitest'
import { seconds } from '../../helpers/engine'
import { chatPath, startGmsKit, type ChatAnswer } from './gms-test-kit'
import { V2RestCustomer } from './v2-test-kit'

function keys(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${index}`, 'v']))
}

describe('GMS limits', () => {
  it('caps the business data of a service at 100 keys and 64 KiB', async () => {
    const kit = await startGmsKit()
    const tooMany = await kit.post('/genesys/1/service/request-chat', keys(101))
    expect(tooMany.status).toBe(413)
    expect(tooMany.body).toMatchObject({ exception: 'UserDataTooLarge' })
    expect(String(tooMany.body.message)).toContain('100')
    const tooBig = await kit.post('/genesys/1/service/request-chat', { blob: 'x'.repeat(66_000) })
    expect(tooBig.status).toBe(413)
    expect(String(tooBig.body.message)).toContain('64 KiB')
    expect((await kit.post('/genesys/1/service/request-chat', keys(100))).status).toBe(200)
  })

  it('caps the user data of a chat, business data and start-chat keys together', async () => {
    const kit = await startGmsKit()
    const serviceId = await kit.createService(keys(60))
    const answer = await kit.post(chatPath(serviceId), {
      firstName: 'Ann',
      ...Object.fromEntries(Array.from({ length: 45 }, (_, index) => [`extra${index}`, 'v'])),
    })
    expect(answer.status).toBe(413)
    expect(answer.body).toMatchObject({ exception: 'UserDataTooLarge' })
    expect(kit.engine.openSessionCount()).toBe(0)
  })

  it('keeps customer nicknames to 1–64 characters without control characters', async () => {
    const kit = await startGmsKit()
    const serviceId = await kit.createService()
    for (const userDisplayName of ['x'.repeat(65), 'Ann\u0000', 'A\nB']) {
      const answer = await kit.post(chatPath(serviceId), { userDisplayName })
      expect(answer.status, JSON.stringify(userDisplayName)).toBe(415)
      expect(String(answer.body.message)).toContain('userDisplayName')
    }
    // 64 emoji are 64 characters (code points), not 128 UTF-16 units.
    const emoji = await kit.post<ChatAnswer>(chatPath(serviceId), {
      userDisplayName: '😀'.repeat(64),
    })
    expect(emoji.status).toBe(200)
    const named = await kit.post<ChatAnswer>(chatPath(await kit.createService()), {
      firstName: 'A'.repeat(40),
      lastName: 'B\u0007'.repeat(40),
    })
    const nickname = named.body.transcriptToShow[0]?.[1] ?? ''
    expect(Array.from(nickname)).toHaveLength(64)
    expect(nickname).not.toMatch(/\p{Cc}/u)
  })

  it('refuses a service past 1,000 waiting for their chat, and counts them down again', async () => {
    const kit = await startGmsKit({ maxPendingServices: 3 })
    const first = await kit.createService()
    await kit.createService()
    await kit.createService()
    const refused = await kit.post('/genesys/1/service/request-chat')
    expect(refused.status).toBe(503)
    expect(refused.body).toMatchObject({ exception: 'SessionLimitReached' })
    await kit.post(chatPath(first), { firstName: 'Ann' })
    expect((await kit.post('/genesys/1/service/request-chat')).status).toBe(200)
    await kit.advance(seconds(3601))
    expect((await kit.post('/genesys/1/service/request-chat')).status).toBe(200)
  })

  it('holds the user data of services and chats of both versions under one budget', async () => {
    const kit = await startGmsKit({ maxUserDataBytes: 300 })
    const serviceId = await kit.createService({ note: 'n'.repeat(200) })
    const refused = await kit.post('/genesys/1/service/request-chat', { note: 'n'.repeat(200) })
    expect(refused.status).toBe(503)
    expect(refused.body).toMatchObject({ exception: 'SessionLimitReached' })
    const v2 = await new V2RestCustomer(kit).requestChat({ 'userData[note]': 'n'.repeat(100) })
    expect(v2.status).toBe(503)
    expect(v2.body).toMatchObject({ statusCode: 1, errors: [{ code: 130 }] })
    // The chat takes over the service's data; once it closes, all of it is free again.
    const started = await kit.post<ChatAnswer>(chatPath(serviceId), { firstName: 'Ann' })
    await kit.chatCall(serviceId, 'disconnect')
    expect(kit.engine.getSession(started.body.chatSessionId, 'customer')?.state).toBe('closed')
    await kit.advance(seconds(3601))
    const again = await new V2RestCustomer(kit).requestChat({ 'userData[note]': 'n'.repeat(100) })
    expect(again.status).toBe(200)
  })

  it('survives a flood of 1 MiB requests with JSON refusals and little heap', async () => {
    const kit = await startGmsKit()
    const before = process.memoryUsage().heapUsed
    const fieldFlood = 'a=&'.repeat(349_000)
    const bigValues = Object.fromEntries(
      Array.from({ length: 16 }, (_, index) => [`v${index}`, 'x'.repeat(64_000)]),
    )
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        index % 2 === 0
          ? kit.post('/genesys/1/service/request-chat', fieldFlood)
          : kit.post('/genesys/1/service/request-chat', bigValues),
      ),
    )
    for (const answer of answers) {
      expect(answer.status).toBe(413)
      expect(answer.body).toHaveProperty('exception')
    }
    const grownMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024
    expect(grownMb).toBeLessThan(200)
    expect((await kit.post('/genesys/1/service/request-chat')).status).toBe(200)
    expect(kit.engine.openSessionCount()).toBe(0)
  })
})
