/**
 * Where a recording's session comes from: the console API's session summary and transcript (the
 * console's "Save as scenario", tests), or the data folder of a server, running or not
 * (`switchboard record`), read without writing.
 */
import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { ChatEvent, SessionSummary } from '../../src-shared/domain'
import { VISIBILITIES } from '../../src-shared/domain'
import { DATABASE_FILE_NAME } from '../store'
import { EventRepository } from '../store/event-repository'
import { PartyRepository } from '../store/party-repository'
import { SessionRepository } from '../store/session-repository'
import type { SessionRecording } from './session-recording'

/** A session as the console shows it to a supervisor, and its whole transcript. */
export function recordingFromSummary(
  summary: SessionSummary,
  events: readonly ChatEvent[],
): SessionRecording {
  return {
    sessionId: summary.sessionId,
    startedAt: Date.parse(summary.startedAt),
    state: summary.state,
    closeReason: summary.closeReason,
    userData: summary.userData,
    parties: summary.parties,
    events,
  }
}

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
