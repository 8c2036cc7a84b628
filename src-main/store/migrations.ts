/**
 * Numbered schema migrations, tracked with `PRAGMA user_version` (docs/sessions.md, "Durability").
 *
 * A migration is frozen once released: it spells out its own literals (visibilities, states)
 * instead of importing the domain constants, so a later change to the domain can never change
 * what an old migration did. Change the schema by appending a new migration.
 */
import { basename } from 'node:path'
import type Database from 'better-sqlite3'
import { createSessionStats } from './session-stats-migration'

export interface Migration {
  /** 1, 2, 3 ... in order; the database's `user_version` after this migration ran. */
  readonly version: number
  /** Runs inside the migration's transaction: synchronous, no `PRAGMA journal_mode`. */
  up(db: Database.Database): void
}

/** Version 1: sessions, their parties and their append-only events. */
const createSessionTables: Migration = {
  version: 1,
  up(db) {
    db.exec(`
      CREATE TABLE sessions (
        session_id TEXT NOT NULL PRIMARY KEY,
        application TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'active', 'closed')),
        started_at INTEGER NOT NULL,
        closed_at INTEGER,
        close_reason TEXT,
        language_code TEXT,
        user_data TEXT NOT NULL,
        idle_overrides TEXT NOT NULL
      ) STRICT;
      -- No last_event_id column: it is max(event_id) of the session's events (primary-key
      -- lookup), so a message never rewrites its session's row.

      -- Restart restores only open sessions; the console lists them by start time. session_id
      -- breaks ties, so it is in every index and the ORDER BY needs no sort.
      CREATE INDEX sessions_open ON sessions (started_at, session_id) WHERE state <> 'closed';
      CREATE INDEX sessions_by_started_at ON sessions (started_at, session_id);
      CREATE INDEX sessions_by_application ON sessions (application, started_at, session_id);
      CREATE INDEX sessions_by_endpoint ON sessions (endpoint, started_at, session_id);
      CREATE INDEX sessions_by_language ON sessions (language_code, started_at, session_id);

      -- join_order keeps parties in the order they joined: rowids of a table without an INTEGER
      -- PRIMARY KEY may be renumbered by VACUUM, so they cannot carry that order.
      CREATE TABLE parties (
        session_id TEXT NOT NULL REFERENCES sessions (session_id),
        party_id TEXT NOT NULL,
        join_order INTEGER NOT NULL,
        nickname TEXT NOT NULL,
        type TEXT NOT NULL,
        user_id TEXT,
        mode TEXT,
        is_present INTEGER NOT NULL CHECK (is_present IN (0, 1)),
        is_bot INTEGER NOT NULL DEFAULT 0 CHECK (is_bot IN (0, 1)),
        joined_visibility TEXT NOT NULL CHECK (joined_visibility IN ('ALL', 'INT', 'VIP')),
        PRIMARY KEY (session_id, party_id)
      ) STRICT, WITHOUT ROWID;

      CREATE INDEX parties_by_user ON parties (user_id, type) WHERE user_id IS NOT NULL;

      -- The visibility CHECK is deliberate: every read path filters on this column.
      CREATE TABLE events (
        session_id TEXT NOT NULL REFERENCES sessions (session_id),
        event_id INTEGER NOT NULL CHECK (event_id > 0),
        time INTEGER NOT NULL,
        time_shift INTEGER NOT NULL,
        party_id TEXT NOT NULL,
        visibility TEXT NOT NULL CHECK (visibility IN ('ALL', 'INT', 'VIP')),
        type TEXT NOT NULL,
        text TEXT,
        payload TEXT,
        -- 1, 2, 3 ... among the events the customer can see, NULL for the others: the GMS
        -- transcriptPosition, found by index instead of counting (OFFSET) through the transcript.
        customer_position INTEGER,
        PRIMARY KEY (session_id, event_id)
      ) STRICT, WITHOUT ROWID;

      CREATE INDEX events_by_visibility ON events (session_id, visibility, event_id);
      CREATE UNIQUE INDEX events_by_customer_position ON events (session_id, customer_position)
        WHERE customer_position IS NOT NULL;
    `)
  },
}

/**
 * Version 2: the engine numbers what an agent sees (ALL and INT events: 1, 2, 3 ... with no gap),
 * as it numbers what the customer sees, so an agent's view betrays no hidden event. Existing
 * events are numbered in event order.
 */
const numberAgentViews: Migration = {
  version: 2,
  up(db) {
    db.exec(`
      ALTER TABLE events ADD COLUMN agent_position INTEGER;
      UPDATE events SET agent_position = numbered.position
        FROM (
          SELECT session_id, event_id,
            row_number() OVER (PARTITION BY session_id ORDER BY event_id) AS position
          FROM events WHERE visibility IN ('ALL', 'INT')
        ) AS numbered
        WHERE events.session_id = numbered.session_id AND events.event_id = numbered.event_id;
      CREATE UNIQUE INDEX events_by_agent_position ON events (session_id, agent_position)
        WHERE agent_position IS NOT NULL;
    `)
  },
}

/**
 * Version 5: GMS customers (docs/gms.md, "After a restart"). A v1 service with its chat's
 * credentials, and a v2 chat's credentials, written when they are created or bound, never on a
 * refresh: positions are the engine's, so nothing a poll does needs storing.
 */
const storeGmsCustomers: Migration = {
  version: 5,
  up(db) {
    db.exec(`
      CREATE TABLE gms_services (
        service_id TEXT NOT NULL PRIMARY KEY,
        service_name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        ttl_seconds INTEGER NOT NULL,
        business_data TEXT NOT NULL,
        -- NULL until the chat starts on the service; then the chat's fields below.
        session_id TEXT,
        customer_party_id TEXT,
        secure_key TEXT,
        gms_user TEXT,
        is_comet INTEGER NOT NULL DEFAULT 0 CHECK (is_comet IN (0, 1)),
        subscription_id TEXT,
        client_time_zone_offset INTEGER NOT NULL DEFAULT 0
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE gms_v2_chats (
        session_id TEXT NOT NULL PRIMARY KEY,
        service_name TEXT NOT NULL,
        user_id TEXT NOT NULL,
        secure_key TEXT NOT NULL,
        alias TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `)
  },
}

/** Every migration this app knows, in version order. */
export const MIGRATIONS: readonly Migration[] = [
  createSessionTables,
  numberAgentViews,
  createSessionStats,
  storeGmsCustomers,
]

/** The schema version this app writes. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0

/** The database was written by a newer Switchboard; opening it could corrupt its data. */
export class DatabaseTooNewError extends Error {
  override readonly name = 'DatabaseTooNewError'
  constructor(
    readonly fileName: string,
    readonly schemaVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `${fileName} was written by a newer Switchboard (schema ${schemaVersion}, this app knows ` +
        `up to ${knownVersion}); upgrade Switchboard or use another --data-dir`,
    )
  }
}

/** The database's schema version (`PRAGMA user_version`; 0 for a new file). */
export function readSchemaVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }))
}

/**
 * Brings the schema up to the newest migration, one transaction per migration, so a crash
 * mid-upgrade leaves the database at the last completed version.
 *
 * @throws DatabaseTooNewError when the database's version is above the newest migration.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): void {
  const current = readSchemaVersion(db)
  const known = migrations.at(-1)?.version ?? 0
  if (current > known) throw new DatabaseTooNewError(basename(db.name), current, known)
  for (const migration of migrations) {
    if (migration.version <= current) continue
    db.transaction(() => {
      migration.up(db)
      // user_version lives in the database header, so setting it commits with the migration.
      db.pragma(`user_version = ${Math.trunc(migration.version)}`)
    })()
  }
}
