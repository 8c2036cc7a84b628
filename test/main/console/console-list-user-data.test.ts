/**
 * docs/limits.md, "Console": a `listSessions` row carries at most 2 KiB of user data, the keys a
 * row shows first; `getSession` carries all of it. Large chats no longer make a list reply of
 * megabytes.
 */
import { describe, expect, it } from 'vitest'
import { listUserData } from '../../../src-main/console/list-user-data'
import { startChat } from '../../helpers/engine'
import { call, createConsoleKit } from './console-fixture'

const utf8Bytes = (data: Record<string, string>) =>
  Object.entries(data).reduce((sum, [key, value]) => sum + Buffer.byteLength(key + value), 0)

/** The customer's own keys plus 60 KiB of CRM data, as a large but valid chat has. */
function largeUserData(): Record<string, string> {
  const data: Record<string, string> = {}
  for (let index = 0; index < 60; index++) data[`Crm${index}`] = 'x'.repeat(1000)
  return {
    ...data,
    FirstName: 'Ann',
    LastName: 'Lee',
    EmailAddress: 'ann@example.com',
    Subject: 'Billing 😀',
    GCTI_LanguageCode: 'fr-FR',
  }
}

describe('listSessions rows', () => {
  it.each(['agent1', 'supervisor1'])(
    'carry at most 2 KiB of user data for %s, name and subject first; getSession all of it',
    async (userId) => {
      const kit = createConsoleKit()
      const { sessionId } = await startChat(kit.engine, largeUserData())
      const window = await kit.window(userId)

      const [row] = (await call(window, 'listSessions', {})).sessions
      expect(utf8Bytes(row!.userData)).toBeLessThanOrEqual(2048)
      expect(row!.userData).toMatchObject({
        FirstName: 'Ann',
        LastName: 'Lee',
        EmailAddress: 'ann@example.com',
        Subject: 'Billing 😀',
        GCTI_LanguageCode: 'fr-FR',
        Crm0: 'x'.repeat(1000),
      })

      const { session } = await call(window, 'getSession', { sessionId })
      expect(session.userData).toMatchObject(largeUserData())
    },
  )

  it('keep a list of many large chats small', async () => {
    const kit = createConsoleKit()
    for (let index = 0; index < 8; index++) await startChat(kit.engine, largeUserData())
    const agent = await kit.window('agent1')

    const list = await call(agent, 'listSessions', {})

    expect(list.sessions).toHaveLength(8)
    // Whole, this reply would be over 480 KB; each row is now its summary and 2 KiB.
    expect(JSON.stringify(list).length).toBeLessThan(8 * 4096)
  })
})

describe('listUserData', () => {
  it('leaves out an entry that does not fit whole and keeps smaller ones after it', () => {
    const kept = listUserData({ Big: 'y'.repeat(3000), FirstName: 'Ann', Note: 'short' })
    expect(kept).toEqual({ FirstName: 'Ann', Note: 'short' })
  })

  it('counts UTF-8 bytes, not characters', () => {
    const kept = listUserData({ A: '😀'.repeat(500), B: '😀'.repeat(100) }, 2048)
    // 500 emoji are 2,000 bytes with the key 2,001; the second entry (401 bytes) no longer fits.
    expect(Object.keys(kept)).toEqual(['A'])
  })
})
