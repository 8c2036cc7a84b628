/**
 * The store: SQLite persistence of sessions, parties and events. All SQL lives in this folder.
 */
import type { Logger } from '../engine/ports'
import { openDatabase, type OpenDatabaseOptions, type SqliteDatabase } from './open-database'
import { SqlitePersistence } from './sqlite-persistence'
import { DEFAULT_AUTOCHECKPOINT_PAGES, startWalCheckpointer } from './wal-checkpointer'
import { WriterThread } from './writer-thread'

export {
  DATABASE_FILE_NAME,
  checkIntegrity,
  openDatabase,
  type OpenDatabaseOptions,
  type SqliteDatabase,
  type SynchronousMode,
} from './open-database'
export {
  DatabaseTooNewError,
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  migrate,
  readSchemaVersion,
  type Migration,
} from './migrations'
export { SqlitePersistence } from './sqlite-persistence'
export { DataDirLockedError, LOCK_FILE_NAME, lockDataDir, type DataDirLock } from './data-dir-lock'
export type { GroupCommitStats } from './group-commit'

export interface Store {
  persistence: SqlitePersistence
  /** The same connection the persistence owns: for `checkIntegrity` and diagnostics only. */
  db: SqliteDatabase
}

/**
 * Opens the database at `path` (`<data-dir>/switchboard.db`, or `':memory:'` in tests), migrates
 * it, and wraps it in a `SqlitePersistence`. Close it with `persistence.close()`.
 *
 * @throws DatabaseTooNewError when the file was written by a newer Switchboard.
 */
export interface OpenStoreOptions extends OpenDatabaseOptions {
  logger?: Logger
  /**
   * Largest batch committed on the main thread; larger ones go to the writer thread (default 16).
   * Tests set 0 to send every batch there.
   */
  maxItemsOnMainThread?: number
}

export function openStore(path: string | ':memory:', options: OpenStoreOptions = {}): Store {
  const db = openDatabase(path, options)
  if (db.memory) return { persistence: new SqlitePersistence(db), db }
  const writer = startWriterThread(db, path, options)
  const checkpointer = startWalCheckpointer(db, path, {
    nativeBinding: options.nativeBinding,
    logger: options.logger,
    // The writing connection is the one whose commits check the WAL's size.
    onFallBack: () => writer?.checkpointAutomatically(DEFAULT_AUTOCHECKPOINT_PAGES),
  })
  const persistence = new SqlitePersistence(db, () => checkpointer.stop(), {
    writer,
    maxItemsOnThisThread: options.maxItemsOnMainThread,
  })
  return { persistence, db }
}

/**
 * The writer thread for a database file, with the main connection's settings and no automatic
 * checkpoints (the checkpointer thread does them); undefined, and commits stay on this thread,
 * when no thread can be started here.
 */
function startWriterThread(
  db: SqliteDatabase,
  path: string,
  options: OpenStoreOptions,
): WriterThread | undefined {
  try {
    return new WriterThread(path, {
      synchronous: db.pragma('synchronous', { simple: true }) as number,
      busyTimeoutMs: db.pragma('busy_timeout', { simple: true }) as number,
      autocheckpointPages: 0,
      nativeBinding: options.nativeBinding,
      logger: options.logger,
    })
  } catch (error) {
    options.logger?.warn('the store writes on the main thread: no writer thread', {
      path,
      error: error instanceof Error ? error.message : String(error),
    })
    return undefined
  }
}
