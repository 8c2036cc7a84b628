/**
 * A recording's session from the data folder of a server, running or not (`switchboard
 * record`), read without writing. The console records from its engine (`recordingFromSummary`).
 */
import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { VISIBILITIES } from '../../src-shared/domain'
import { DATABASE_FILE_NAME } from '../store'
import { EventRepository } from '../store/event-repository'
import { PartyRepository } from '../store/party-repository'
import { SessionRepository } from '../store/session-repository'
import type { SessionRecording } from './session-recording'

/** Why a session cannot be recorded from a data folder. */
export class RecordingError extends Error {
  override readonly name = 'RecordingError'
}

/**
 * The session `sessionId` as stored in `dataDir`. The database is opened read-only, so a
 * server using it carries on undisturbed (SQLite's WAL lets readers in beside the writer).
 */
export function readRecordingFromStore(dataDir: string, sessionId: string): SessionRecording {
  const file = join(dataDir, DATABASE_FILE_NAME)
  if (!existsSync(file)) throw new RecordingError(`no Switchboard database in ${dataDir}`)
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const session = new SessionRepository(db).get(sessionId)
    if (!session) throw new RecordingError(`no session ${sessionId} in ${file}`)
    const parties = new PartyRepository(db).listBySession(sessionId)
    const { events } = new EventRepository(db).read(sessionId, { visibilities: VISIBILITIES })
    return {
      sessionId,
      startedAt: session.startedAt,
      state: session.state,
      closeReason: session.closeReason,
      userData: session.userData,
      parties,
      events,
    }
  } finally {
    db.close()
  }
}
