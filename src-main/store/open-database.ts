/**
 * The one place a Switchboard database connection is opened (docs/style.md, "Store").
 */
import Database from 'better-sqlite3'
import { migrate } from './migrations'

/** The better-sqlite3 connection type, so callers need not import the library's namespace. */
export type SqliteDatabase = Database.Database

export type SynchronousMode = 'NORMAL' | 'FULL'

export interface OpenDatabaseOptions {
  /**
   * `FULL` (default) syncs the WAL on every commit, so an acknowledged write survives a power
   * loss; `NORMAL` only survives a process crash (`kill -9`), which docs/sessions.md requires.
   */
  synchronous?: SynchronousMode
  /**
   * Path of the `better_sqlite3.node` addon to load instead of the one in node_modules. The
   * Electron app passes its own build (Electron's ABI differs from Node's; README.md, "Electron"),
   * so node_modules keeps the Node build that the CLI and the tests load.
   */
  nativeBinding?: string
}

/** The file name of the database inside the data directory (README.md, "Data directory"). */
export const DATABASE_FILE_NAME = 'switchboard.db'

/** Milliseconds a statement waits for another connection's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000

/** `PRAGMA synchronous` reads back as a number. */
const SYNCHRONOUS_LEVELS: Record<SynchronousMode, number> = { NORMAL: 1, FULL: 2 }

/**
 * Opens (creating if needed) a database, sets its pragmas, checks they took, and runs the
 * migrations. The connection is closed again if any of that fails.
 *
 * @throws TypeError for an invalid option.
 * @throws DatabaseTooNewError when the file was written by a newer Switchboard.
 */
export function openDatabase(
  path: string | ':memory:',
  options: OpenDatabaseOptions = {},
): SqliteDatabase {
  const synchronous = options.synchronous ?? 'FULL'
  if (!(synchronous in SYNCHRONOUS_LEVELS)) {
    throw new TypeError(
      `options.synchronous must be 'NORMAL' or 'FULL', got ${String(synchronous)}`,
    )
  }
  const db = new Database(
    path,
    options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding },
  )
  try {
    applyPragmas(db, synchronous)
    migrate(db)
  } catch (error) {
    db.close()
    throw error
  }
  return db
}

function applyPragmas(db: SqliteDatabase, synchronous: SynchronousMode): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  // An in-memory database cannot use WAL (it reports `memory`); it exists only for tests.
  if (!db.memory) expectPragma(db, 'journal_mode', 'WAL', 'wal')
  expectPragma(db, 'foreign_keys', 'ON', 1)
  // Set explicitly: the compiled-in default differs between builds, and WAL + FULL is what makes
  // an acknowledged write durable.
  expectPragma(db, 'synchronous', synchronous, SYNCHRONOUS_LEVELS[synchronous])
}

/**
 * Sets a pragma and reads it back: SQLite ignores some pragmas silently (`foreign_keys` inside a
 * transaction, `journal_mode` on a read-only file), and a silent miss here would break durability.
 */
function expectPragma(db: SqliteDatabase, name: string, value: string, expected: unknown): void {
  db.pragma(`${name} = ${value}`)
  const actual = db.pragma(name, { simple: true })
  if (actual !== expected) {
    throw new Error(`PRAGMA ${name} = ${value} did not take (reads back ${String(actual)})`)
  }
}

/**
 * Runs `PRAGMA integrity_check`: `'ok'` for a sound database, else the problems it found, one
 * per line.
 */
export function checkIntegrity(db: SqliteDatabase): string {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[]
  return rows.map((row) => row.integrity_check).join('\n')
}
