/**
 * The store: SQLite persistence of sessions, parties and events. All SQL lives in this folder.
 */
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
export function openStore(path: string | ':memory:', options: OpenDatabaseOptions = {}): Store {
  const db = openDatabase(path, options)
  const checkpointer = db.memory
    ? undefined
    : startWalCheckpointer(db, path, { nativeBinding: options.nativeBinding })
  return { persistence: new SqlitePersistence(db, () => checkpointer?.stop()), db }
}
