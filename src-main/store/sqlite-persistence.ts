/**
 * The engine's `Persistence` on one better-sqlite3 connection, with group commit.
 */
import type { ChatEvent, Visibility } from '../../src-shared/domain'
import {
  StoreWriteError,
  type EventPage,
  type EventQuery,
  type PartyRecord,
  type Persistence,
  type SessionChange,
  type SessionQuery,
  type SessionRecord,
} from '../engine/ports'
import { EventRepository } from './event-repository'
import { toEventParams, type EventParams } from './event-rows'
import { GroupCommit, type GroupCommitStats } from './group-commit'
import type { SqliteDatabase } from './open-database'
import { PartyRepository, toPartyParams, type PartyParams } from './party-repository'
import { SessionRepository, toSessionParams, type SessionParams } from './session-repository'
import { SessionSearch } from './session-search'

/** A `SessionChange` mapped to statement parameters when it is queued. */
interface ChangeParams {
  sessionId: string
  /** Only when the row changed: a message leaves its session's row alone. */
  session: SessionParams | undefined
  parties: PartyParams[]
  events: EventParams[]
}

/**
 * Captures the change's values now: the engine may go on mutating its session and party objects
 * before the batch commits, and the stored row must be the one this write described.
 */
function toChangeParams(change: SessionChange): ChangeParams {
  if (change.positions.length !== change.events.length) {
    throw new RangeError('a change needs one positions entry per event')
  }
  return {
    sessionId: change.session.sessionId,
    session: change.isRowChanged ? toSessionParams(change.session) : undefined,
    parties: change.parties.map(toPartyParams),
    events: change.events.map((event, index) => toEventParams(event, change.positions[index])),
  }
}

/** SQLite primary result codes that mean the disk or the file, not the statement, is at fault. */
const IO_RESULT_CODES = new Set([
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_READONLY',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_PROTOCOL',
])

/** `SQLITE_IOERR_WRITE` → `SQLITE_IOERR`: extended codes add one word to the primary one. */
function primaryCode(code: string): string {
  return code.split('_').slice(0, 2).join('_')
}

/**
 * A failed commit as the engine's `StoreWriteError` when the disk or the file is at fault
 * (docs/limits.md, "Storage"); anything else (a constraint, a bug) as it is.
 */
export function classifyWriteError(error: unknown): unknown {
  const code = error instanceof Error && 'code' in error ? String(error.code) : ''
  const message = error instanceof Error ? error.message : String(error)
  const primary = primaryCode(code)
  if (primary === 'SQLITE_FULL') return new StoreWriteError('disk-full', message, { cause: error })
  if (IO_RESULT_CODES.has(primary)) return new StoreWriteError('io', message, { cause: error })
  return error
}

export class SqlitePersistence implements Persistence {
  private readonly sessions: SessionRepository
  private readonly parties: PartyRepository
  private readonly events: EventRepository
  private readonly search: SessionSearch
  private readonly groupCommit: GroupCommit<ChangeParams>
  private isClosed = false

  private released: Promise<void> = Promise.resolve()

  /**
   * Takes ownership of `db` (from `openDatabase`): `close()` closes it, after `beforeClose`
   * (which stops whatever else uses the file, such as the WAL checkpointer, and may return a
   * promise that settles once it has let go of the file).
   */
  constructor(
    private readonly db: SqliteDatabase,
    private readonly beforeClose: () => Promise<void> | void = () => {},
  ) {
    this.sessions = new SessionRepository(db)
    this.parties = new PartyRepository(db)
    this.events = new EventRepository(db)
    this.search = new SessionSearch(db)
    const commitChanges = db.transaction((changes: readonly ChangeParams[]) =>
      this.applyBatch(changes),
    )
    // IMMEDIATE takes the write lock at BEGIN, where busy_timeout applies, instead of failing
    // mid-batch if another connection (a `sqlite3` shell) holds it.
    this.groupCommit = new GroupCommit(
      (changes) => {
        try {
          commitChanges.immediate(changes)
        } catch (error) {
          throw classifyWriteError(error)
        }
      },
      { keyOf: (change) => change.sessionId },
    )
  }

  /**
   * Queues the change; it commits with every other change queued in the same tick, in call
   * order, in one transaction. Resolves once committed. If the transaction fails, each change is
   * tried alone: one that fails rejects (with a `StoreWriteError` for disk trouble), and so does
   * every later change of its session; the others are stored.
   */
  write(change: SessionChange): Promise<void> {
    if (this.isClosed) return Promise.reject(new Error('the store is closed'))
    let params: ChangeParams
    try {
      params = toChangeParams(change)
    } catch (error) {
      return Promise.reject(error)
    }
    return this.groupCommit.enqueue(params)
  }

  /** Resolves once every write queued so far has settled (committed, or rejected). */
  flush(): Promise<void> {
    return this.groupCommit.whenIdle()
  }

  loadOpenSessions(): { session: SessionRecord; parties: PartyRecord[] }[] {
    const partiesBySession = this.parties.listOfOpenSessions()
    return this.sessions.listOpen().map((session) => ({
      session,
      parties: partiesBySession.get(session.sessionId) ?? [],
    }))
  }

  loadSession(sessionId: string): { session: SessionRecord; parties: PartyRecord[] } | undefined {
    const session = this.sessions.get(sessionId)
    if (session === undefined) return undefined
    return { session, parties: this.parties.listBySession(sessionId) }
  }

  readEvents(sessionId: string, query: EventQuery): EventPage {
    return this.events.read(sessionId, query)
  }

  countEvents(sessionId: string, visibilities: readonly Visibility[]): number {
    return this.events.count(sessionId, visibilities)
  }

  readCustomerEntriesFrom(sessionId: string, position: number): ChatEvent[] {
    return this.events.readCustomerFrom(sessionId, position)
  }

  listSessions(query: SessionQuery): SessionRecord[] {
    return this.search.list(query)
  }

  loadParties(sessionIds: readonly string[]): Map<string, PartyRecord[]> {
    return this.parties.listOfSessions(sessionIds)
  }

  /** Commit counters, for the benchmark and for tests of group commit. */
  get stats(): Readonly<GroupCommitStats> {
    return this.groupCommit.stats
  }

  /**
   * Commits what is still queued, then closes the database. Idempotent; later writes reject.
   */
  close(): void {
    if (this.isClosed) return
    this.isClosed = true
    this.groupCommit.commitQueued()
    this.released = Promise.resolve(this.beforeClose())
    this.db.close()
  }

  /**
   * Settles once nothing holds the database file any more (the checkpoint worker's own
   * connection closes a little after `close()`): await it before deleting or reopening the file.
   */
  get closed(): Promise<void> {
    return this.released
  }

  /**
   * Appends what the batch brings, in order: a changed session row before its events (they
   * reference it), parties, then events with the positions the engine gave them.
   */
  private applyBatch(changes: readonly ChangeParams[]): void {
    for (const change of changes) {
      if (change.session) this.sessions.upsert(change.session)
      for (const party of change.parties) this.parties.upsert(party)
      for (const event of change.events) this.events.insert(event)
    }
  }
}
