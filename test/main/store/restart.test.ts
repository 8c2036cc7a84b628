import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DATABASE_FILE_NAME, checkIntegrity, openStore } from '../../../src-main/store'
import {
  agentParty,
  changeWith,
  clientParty,
  message,
  numberEvents,
  sessionRecord,
  useTempDirs,
} from './store-fixtures'

describe('restart', () => {
  const tempDir = useTempDirs()

  it('restores open sessions with their parties, idle overrides and language', async () => {
    const path = join(tempDir(), DATABASE_FILE_NAME)
    const before = openStore(path)
    const open = sessionRecord({
      sessionId: 'Open000000000001',
      state: 'active',
      languageCode: 'fr-FR',
      userData: { IsOnline: '1', GCTI_LanguageCode: 'fr-FR', GCTI_LanguageName: 'Français' },
      idleOverrides: { enabled: true, timeoutAlert: 30, messageClose: 'Au revoir' },
    })
    const client = clientParty(open.sessionId)
    const agent = agentParty(open.sessionId)
    const supervisor = agentParty(open.sessionId, {
      partyId: '00000000000000B1',
      nickname: 'Sup',
      type: 'SUPERVISOR',
      userId: 'supervisor1',
      mode: 'coach',
      joinedVisibility: 'VIP',
    })
    const closed = sessionRecord({
      sessionId: 'Closed0000000001',
      state: 'closed',
      closedAt: open.startedAt + 60_000,
      closeReason: 'customer-left',
      userData: { IsOnline: '0' },
    })
    await before.persistence.write(
      changeWith(open, numberEvents(open.sessionId, [message('bonjour')]), [client, agent]),
    )
    await before.persistence.write(changeWith(closed, [], [clientParty(closed.sessionId)]))
    // Later changes update a party in place (mode, presence) and add one after the others.
    await before.persistence.write({
      session: { ...open, lastEventId: 1 },
      isRowChanged: true,
      parties: [{ ...client, isPresent: false }, supervisor],
      events: [],
      positions: [],
    })
    before.persistence.close()
    await before.persistence.closed

    const after = openStore(path)
    expect(after.persistence.loadOpenSessions()).toStrictEqual([
      {
        session: { ...open, lastEventId: 1, customerPosition: 1, agentPosition: 1 },
        parties: [{ ...client, isPresent: false }, agent, supervisor],
      },
    ])
    expect(after.persistence.loadSession(closed.sessionId)?.session).toStrictEqual(closed)
    expect(checkIntegrity(after.db)).toBe('ok')
    after.persistence.close()
    await after.persistence.closed
  })

  it('keeps a write that was still queued when the store closed', async () => {
    const path = join(tempDir(), DATABASE_FILE_NAME)
    const before = openStore(path)
    const session = sessionRecord()
    const write = before.persistence.write(
      changeWith(session, numberEvents(session.sessionId, [message('last words')])),
    )
    before.persistence.close()
    await before.persistence.closed
    await write

    const after = openStore(path)
    const page = after.persistence.readEvents(session.sessionId, { visibilities: ['ALL'] })
    expect(page.events.map((event) => event.type === 'message' && event.text)).toEqual([
      'last words',
    ])
    after.persistence.close()
    await after.persistence.closed
  })

  it('restores a party with no optional fields without undefined keys', async () => {
    const path = join(tempDir(), DATABASE_FILE_NAME)
    const before = openStore(path)
    const session = sessionRecord()
    await before.persistence.write(changeWith(session, [], [clientParty(session.sessionId)]))
    before.persistence.close()
    await before.persistence.closed

    const after = openStore(path)
    const [restored] = after.persistence.loadOpenSessions()
    expect(Object.keys(restored!.parties[0]!).sort()).toEqual(
      ['isPresent', 'joinedVisibility', 'nickname', 'partyId', 'sessionId', 'type'].sort(),
    )
    after.persistence.close()
    await after.persistence.closed
  })
  it('restores a bot party as a bot, so its messages still do not count as activity', async () => {
    const path = join(tempDir(), DATABASE_FILE_NAME)
    const before = openStore(path)
    const session = sessionRecord()
    const bot = { ...clientParty(session.sessionId), type: 'EXTERNAL' as const, isBot: true }
    await before.persistence.write(changeWith(session, [], [bot]))
    before.persistence.close()
    await before.persistence.closed

    const after = openStore(path)
    const [restored] = after.persistence.loadOpenSessions()
    expect(restored!.parties[0]!.isBot).toBe(true)
    after.persistence.close()
    await after.persistence.closed
  })
  it("reads each audience's counters back off the events after a restart", async () => {
    const path = join(tempDir(), DATABASE_FILE_NAME)
    const session = sessionRecord()
    const first = openStore(path)
    const early = numberEvents(session.sessionId, [message('a'), message('b', 'INT')])
    await first.persistence.write(changeWith(session, early))
    const counted = { ...session, lastEventId: 2, customerPosition: 1, agentPosition: 2 }
    const later = numberEvents(session.sessionId, [message('c', 'VIP'), message('d')], 3)
    await first.persistence.write(changeWith(counted, later))
    first.persistence.close()
    await first.persistence.closed

    const second = openStore(path)
    const restored = second.persistence.loadSession(session.sessionId)!.session
    expect(restored).toMatchObject({ lastEventId: 4, customerPosition: 2, agentPosition: 3 })
    const texts = second.persistence
      .readCustomerEntriesFrom(session.sessionId, 2)
      .map((event) => (event.type === 'message' ? event.text : event.type))
    expect(texts).toEqual(['d'])
    second.persistence.close()
    await second.persistence.closed
  })
})
