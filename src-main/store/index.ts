/**
 * The store: SQLite persistence of sessions, parties and events. All SQL lives in this folder.
 */
import type { Logger } from '../engine/ports'
import { openDatabase, type OpenDatabaseOptions, type SqliteDatabase } from './open-database'
import { SqlitePersistence } from './sqlite-persistence'
import { startWalCheckpointer } from './wal-checkpointer'

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
export function openStore(
  path: string | ':memory:',
  options: OpenDatabaseOptions & { logger?: Logger } = {},
): Store {
  const db = openDatabase(path, options)
  const checkpointer = db.memory
    ? undefined
    : startWalCheckpointer(db, path, {
        nativeBinding: options.nativeBinding,
        logger: options.logger,
      })
  return { persistence: new SqlitePersistence(db, () => checkpointer?.stop()), db }
}
