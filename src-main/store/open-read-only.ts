/**
 * A read-only connection for commands that read a data directory whether or not the app runs
 * on it (`switchboard stats`, `switchboard export`). WAL lets a reader work beside the app's
 * writer; read-only guarantees such a command can never change or migrate the file.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { DatabaseTooNewError, LATEST_SCHEMA_VERSION, readSchemaVersion } from './migrations'
import { DATABASE_FILE_NAME, type SqliteDatabase } from './open-database'

/** The data directory cannot be read; the message says why and what to do. */
export class StoreUnreadableError extends Error {
  override readonly name = 'StoreUnreadableError'
}

/**
 * Opens `<dataDir>/switchboard.db` read-only.
 *
 * @param minimumVersion the schema version the caller's queries need.
 * @throws StoreUnreadableError when there is no database, or its schema is too old to read.
 * @throws DatabaseTooNewError when a newer Switchboard wrote it.
 */
export function openReadOnlyStore(dataDir: string, minimumVersion = 1): SqliteDatabase {
  const path = join(dataDir, DATABASE_FILE_NAME)
  if (!existsSync(path)) {
    throw new StoreUnreadableError(`No ${DATABASE_FILE_NAME} in ${dataDir}; check --data-dir`)
  }
  const db = new Database(path, { readonly: true, fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    const version = readSchemaVersion(db)
    if (version > LATEST_SCHEMA_VERSION) {
      throw new DatabaseTooNewError(DATABASE_FILE_NAME, version, LATEST_SCHEMA_VERSION)
    }
    if (version < minimumVersion) {
      throw new StoreUnreadableError(
        `${path} has schema ${version} and this command needs ${minimumVersion}: start ` +
          `Switchboard once on this data directory to upgrade it`,
      )
    }
  } catch (error) {
    db.close()
    throw error
  }
  return db
}
