import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import {
  DATABASE_FILE_NAME,
  DatabaseTooNewError,
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  checkIntegrity,
  migrate,
  openDatabase,
  openStore,
  readSchemaVersion,
  type Migration,
} from '../../../src-main/store'
import { changeWith, message, numberEvents, sessionRecord, useTempDirs } from './store-fixtures'

describe('openDatabase', () => {
  const tempDir = useTempDirs()

  it('opens a file database in WAL mode with synchronous FULL by default', () => {
    const db = openDatabase(join(tempDir(), DATABASE_FILE_NAME))
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    db.close()
  })

  it('sets synchronous NORMAL when asked', () => {
    const db = openDatabase(join(tempDir(), DATABASE_FILE_NAME), { synchronous: 'NORMAL' })
    expect(db.pragma('synchronous', { simple: true })).toBe(1)
    db.close()
  })

  it('refuses an unknown synchronous mode with a TypeError naming the option', () => {
    const options = { synchronous: 'OFF' } as unknown as { synchronous: 'FULL' }
    expect(() => openDatabase(':memory:', options)).toThrow(TypeError)
    expect(() => openDatabase(':memory:', options)).toThrow(/options\.synchronous/)
  })

  it('opens an in-memory database without WAL, with the same schema', () => {
    const db = openDatabase(':memory:')
    expect(db.pragma('journal_mode', { simple: true })).toBe('memory')
    expect(readSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION)
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .pluck()
      .all()
    expect(tables).toEqual([
      'events',
      'gms_services',
      'gms_v2_chats',
      'parties',
      'session_stats',
      'sessions',
      'stats_hour_agents',
      'stats_hour_waits',
      'stats_hours',
    ])
    db.close()
  })

  it('reopens a migrated file without running migrations again', () => {
    const path = join(tempDir(), DATABASE_FILE_NAME)
    openDatabase(path).close()
    const db = openDatabase(path)
    expect(readSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION)
    db.close()
  })

  it('refuses a database written by a newer Switchboard, naming both schema versions', () => {
    const path = join(tempDir(), DATABASE_FILE_NAME)
    const newer = new Database(path)
    newer.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 4}`)
    newer.close()

    expect(() => openDatabase(path)).toThrow(DatabaseTooNewError)
    expect(() => openDatabase(path)).toThrow(
      `switchboard.db was written by a newer Switchboard (schema ${LATEST_SCHEMA_VERSION + 4}, ` +
        `this app knows up to ${LATEST_SCHEMA_VERSION}); upgrade Switchboard or use another --data-dir`,
    )
  })

  it('reports ok from integrity_check after writes', async () => {
    const { persistence, db } = openStore(join(tempDir(), DATABASE_FILE_NAME))
    const session = sessionRecord()
    await persistence.write(changeWith(session, numberEvents(session.sessionId, [message('hi')])))
    expect(checkIntegrity(db)).toBe('ok')
    persistence.close()
  })
})

describe('migrate', () => {
  it('applies only the migrations above the current version, each with its user_version', () => {
    const db = new Database(':memory:')
    const applied: number[] = []
    const migrations: Migration[] = [1, 2, 3].map((version) => ({
      version,
      up: () => applied.push(version),
    }))
    db.pragma('user_version = 1')
    migrate(db, migrations)
    expect(applied).toEqual([2, 3])
    expect(readSchemaVersion(db)).toBe(3)
    db.close()
  })

  it('version 2 numbers the events an agent sees in an older database, skipping VIP ones', () => {
    const db = new Database(':memory:')
    migrate(db, MIGRATIONS.slice(0, 1))
    db.exec(
      `INSERT INTO sessions VALUES ('S1', 'A', 'q', 'active', 0, NULL, NULL, NULL, '{}', '{}')`,
    )
    const insert = db.prepare(
      `INSERT INTO events (session_id, event_id, time, time_shift, party_id, visibility, type)
        VALUES ('S1', ?, 0, 0, 'P', ?, 'message')`,
    )
    for (const [eventId, visibility] of [
      [1, 'ALL'],
      [2, 'VIP'],
      [3, 'INT'],
      [4, 'ALL'],
    ]) {
      insert.run(eventId, visibility)
    }
    migrate(db)
    const positions = db.prepare('SELECT agent_position FROM events ORDER BY event_id').pluck()
    expect(positions.all()).toEqual([1, null, 2, 3])
    db.close()
  })

  it('leaves the database at the last completed version when a migration throws', () => {
    const db = new Database(':memory:')
    const migrations: Migration[] = [
      { version: 1, up: (target) => target.exec('CREATE TABLE one (id INTEGER)') },
      {
        version: 2,
        up: (target) => {
          target.exec('CREATE TABLE two (id INTEGER)')
          throw new Error('broken migration')
        },
      },
    ]
    expect(() => migrate(db, migrations)).toThrow('broken migration')
    expect(readSchemaVersion(db)).toBe(1)
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all()
    expect(tables).toEqual(['one'])
    db.close()
  })
})
