import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS, migrate, SqlitePersistence } from '../../../src-main/store'
import { STATS_SCHEMA_VERSION } from '../../../src-main/store/session-stats-migration'
import {
  agentParty,
  changeWith,
  clientParty,
  message,
  numberEvents,
  sessionRecord,
  STARTED_AT,
} from '../store/store-fixtures'

const SESSION = 'Sess000000000001'

describe('migration 4 (session_stats)', () => {
  it('fills the summary of sessions stored before it from their events', async () => {
    const db = new Database(':memory:')
    // Every migration before this one: the schema a database had before it shipped.
    migrate(
      db,
      MIGRATIONS.filter((migration) => migration.version < STATS_SCHEMA_VERSION),
    )
    const persistence = new SqlitePersistence(db)
    const events = numberEvents(SESSION, [
      {
        type: 'party-joined',
        partyId: '00000000000000C1',
        visibility: 'ALL',
        party: clientParty(SESSION),
      },
      message('hello'),
      {
        type: 'party-joined',
        partyId: '00000000000000A1',
        visibility: 'ALL',
        party: agentParty(SESSION),
      },
    ])
    await persistence.write(
      changeWith(sessionRecord({ state: 'active' }), events, [
        clientParty(SESSION),
        agentParty(SESSION),
      ]),
    )
    migrate(db)
    const row = db.prepare('SELECT * FROM session_stats').get()
    expect(row).toMatchObject({
      session_id: SESSION,
      started_at: STARTED_AT,
      // The third event, one second apart each: the agent's join ends the wait.
      answered_at: STARTED_AT + 3000,
      answered_by: 'agent1',
      closed_at: null,
    })
    persistence.close()
  })

  it('keeps the summary in step with later writes: answer once, close with its reason', async () => {
    const db = new Database(':memory:')
    migrate(db)
    const persistence = new SqlitePersistence(db)
    const joins = numberEvents(SESSION, [
      {
        type: 'party-joined',
        partyId: '00000000000000A1',
        visibility: 'ALL',
        party: agentParty(SESSION),
      },
      {
        type: 'party-joined',
        partyId: '00000000000000A2',
        visibility: 'ALL',
        party: agentParty(SESSION, { partyId: '00000000000000A2', userId: 'agent2' }),
      },
    ])
    await persistence.write(changeWith(sessionRecord({ state: 'active' }), joins))
    const closedAt = STARTED_AT + 60_000
    await persistence.write(
      changeWith(
        sessionRecord({
          state: 'closed',
          closedAt,
          closeReason: 'agent-closed',
          // The first write's counters, as the engine carries them on.
          lastEventId: 2,
          customerPosition: 2,
          agentPosition: 2,
        }),
        numberEvents(
          SESSION,
          [
            {
              type: 'session-closed',
              partyId: '00000000000000A1',
              visibility: 'ALL',
              reason: 'agent-closed',
            },
          ],
          3,
        ),
      ),
    )
    expect(db.prepare('SELECT * FROM session_stats').get()).toMatchObject({
      answered_at: STARTED_AT + 1000,
      answered_by: 'agent1',
      closed_at: closedAt,
      close_reason: 'agent-closed',
    })
    persistence.close()
  })
})
