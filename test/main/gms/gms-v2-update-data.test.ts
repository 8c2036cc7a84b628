/**
 * v2 `updateData` (docs/gms.md, "v2 operations"): merges the customer's user data into the
 * session, durably, with no event; the engine's own keys stay; caps and budget merge nothing.
 */
import { describe, expect, it } from 'vitest'
import { startGmsKit } from './gms-test-kit'
import { expectV2Error, V2RestCustomer } from './v2-test-kit'

function storedUserData(db: { prepare(sql: string): { get(id: string): unknown } }, id: string) {
  const row = db.prepare('SELECT user_data FROM sessions WHERE session_id = ?').get(id) as {
    user_data: string
  }
  return JSON.parse(row.user_data) as Record<string, string>
}

describe('GMS v2 updateData', () => {
  it('merges the keys into the session user data, stored, with no event and no position moved', async () => {
    const kit = await startGmsKit()
    const customer = new V2RestCustomer(kit)
    await customer.requestChat({ 'userData[Order]': '1', 'userData[GCTI_LanguageCode]': 'en-US' })
    const chatId = customer.chat!.chatId
    const before = await customer.operate('refresh')

    const answer = await customer.operate('updateData', {
      'userData[Order]': '2',
      'userData[Tier]': 'gold',
      'userData[IsOnline]': '0',
      'userData[GCTI_LanguageCode]': 'fr-FR',
    })
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ statusCode: 0, messages: [] })

    const expected = {
      Order: '2',
      Tier: 'gold',
      IsOnline: '1',
      GCTI_LanguageCode: 'en-US',
      FirstName: 'Ann',
    }
    expect(kit.engine.getSession(chatId, 'agent')?.userData).toMatchObject(expected)
    expect(storedUserData(kit.db, chatId)).toMatchObject(expected)
    const after = await customer.operate('refresh')
    expect(after.body.nextPosition).toBe(before.body.nextPosition)
    expect(after.body.messages).toEqual(before.body.messages)
  })

  it('needs at least one userData field (102)', async () => {
    const kit = await startGmsKit()
    const customer = new V2RestCustomer(kit)
    await customer.requestChat()
    expectV2Error(await customer.operate('updateData'), 400, 102)
  })

  it('refuses a merge over the per-chat caps and merges nothing (103)', async () => {
    const kit = await startGmsKit()
    const customer = new V2RestCustomer(kit)
    await customer.requestChat()
    const form = Object.fromEntries(
      Array.from({ length: 100 }, (_, index) => [`userData[key${index}]`, 'v']),
    )
    expectV2Error(await customer.operate('updateData', form), 400, 103)
    const userData = kit.engine.getSession(customer.chat!.chatId, 'agent')?.userData ?? {}
    expect(Object.keys(userData).some((key) => key.startsWith('key'))).toBe(false)
  })

  it('refuses a merge past the user data held in all (130)', async () => {
    const kit = await startGmsKit({ maxUserDataBytes: 200 })
    const customer = new V2RestCustomer(kit)
    await customer.requestChat()
    const answer = await customer.operate('updateData', { 'userData[Notes]': 'x'.repeat(300) })
    expectV2Error(answer, 503, 130)
    expect(kit.engine.getSession(customer.chat!.chatId, 'agent')?.userData.Notes).toBeUndefined()
  })

  it('is refused once the customer has left (112)', async () => {
    const kit = await startGmsKit()
    const customer = new V2RestCustomer(kit)
    await customer.requestChat()
    await customer.operate('disconnect')
    const answer = await customer.operate('updateData', { 'userData[Order]': '3' })
    expectV2Error(answer, 200, 112)
    expect(answer.body.chatEnded).toBe(true)
  })
})
