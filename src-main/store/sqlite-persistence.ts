/**
 * The engine's `Persistence` on one better-sqlite3 connection, with group commit.
 */
import type { ChatEvent, Visibility } from '../../src-shared/domain'
import { isVisibleTo } from '../../src-shared/visibility'
import type {
  EventPage,
  EventQuery,
  PartyRecord,
  Persistence,
  SessionChange,
  SessionQuery,
  SessionRecord,
} from '../engine/ports'
import { EventRepository } from './event-repository'
import { toEventParams, type EventParams } from './event-rows'
import { GroupCommit, type GroupCommitStats } from './group-commit'
import type { SqliteDatabase } from './open-database'
import { PartyRepository, toPartyParams, type PartyParams } from './party-repository'
import {
  differsOnlyInLastEventId,
  SessionRepository,
  toSessionParams,
  type SessionParams,
} from './session-repository'
import { SessionSearch } from './session-search'

/** A `SessionChange` mapped to statement parameters when it is queued. */
interface ChangeParams {
  session: SessionParams
  parties: PartyParams[]
  events: EventParams[]
}

/**
 * Captures the change's values now: the engine may go on mutating its session and party objects
 * before the batch commits, and the stored row must be the one this write described.
 */
function toChangeParams(change: SessionChange): ChangeParams {
  return {
    session: toSessionParams(change.session),
    parties: change.parties.map(toPartyParams),
    events: change.events.map(toEventParams),
  }
}

/** A session as the store holds it after the last commit that touched it. */
interface CommittedSession {
  row: SessionParams
  customerPosition: number
}

export class SqlitePersistence implements Persistence {
  private readonly sessions: SessionRepository
  private readonly parties: PartyRepository
  private readonly events: EventRepository
  private readonly search: SessionSearch
  private readonly groupCommit: GroupCommit<ChangeParams>
  private isClosed = false
  /**
   * What the store holds for each open session it has written: its row (to tell a real change
   * from a mere new event) and its last customer position (to number the next one without a
   * query).
   */
  private readonly committed = new Map<string, CommittedSession>()

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
    this.groupCommit = new GroupCommit((changes) => {
      // Only after the commit: a rolled-back batch must not be remembered as stored.
      this.rememberCommitted(commitChanges.immediate(changes))
    })
  }

  /**
   * Queues the change; it commits with every other change queued in the same tick, in call
   * order, in one transaction. Resolves once committed; if the transaction fails, every write of
   * that batch rejects with the error and none of them is stored.
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

  countCustomerEntries(sessionId: string): number {
    return this.events.lastCustomerPosition(sessionId)
  }

  readCustomerEntriesFrom(sessionId: string, position: number): ChatEvent[] {
    return this.events.readCustomerFrom(sessionId, position)
  }

  listSessions(query: SessionQuery): SessionRecord[] {
    return this.search.list(query)
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
   * Each change carries a full snapshot of its session row, so a batch needs only the last one
   * per session. The first is written before that session's events anyway: the events reference
   * the row (foreign key), and a new session has none yet. A snapshot that differs from the row
   * already stored only in `lastEventId` (a message, a notice) is not written at all: that
   * figure is read off the events themselves.
   * Returns what each session now has in the store, to remember once the transaction commits.
   */
  private applyBatch(changes: readonly ChangeParams[]): Map<string, CommittedSession> {
    const batch = new Map<string, CommittedSession & { first: SessionParams }>()
    for (const change of changes) {
      const { sessionId } = change.session
      let state = batch.get(sessionId)
      if (state) state.row = change.session
      else {
        const stored = this.committed.get(sessionId)
        this.writeSessionRow(change.session, stored?.row)
        const customerPosition =
          stored?.customerPosition ?? this.events.lastCustomerPosition(sessionId)
        state = { first: change.session, row: change.session, customerPosition }
        batch.set(sessionId, state)
      }
      for (const party of change.parties) this.parties.upsert(party)
      for (const event of change.events) this.insertEvent(event, state)
    }
    for (const { first, row } of batch.values()) if (row !== first) this.writeSessionRow(row, first)
    return batch
  }

  /** Numbers the customer-visible events in commit order (GMS positions). */
  private insertEvent(event: EventParams, state: CommittedSession): void {
    if (!isVisibleTo('customer', event.visibility)) return this.events.insert(event)
    state.customerPosition += 1
    this.events.insert({ ...event, customerPosition: state.customerPosition })
  }

  private writeSessionRow(row: SessionParams, stored: SessionParams | undefined): void {
    if (!stored || !differsOnlyInLastEventId(row, stored)) this.sessions.upsert(row)
  }

  /**
   * Remembers open sessions only (a closed session's row never changes again), and only after
   * the commit: a rolled-back batch must leave nothing stale behind.
   */
  private rememberCommitted(batch: Map<string, CommittedSession>): void {
    for (const [sessionId, { row, customerPosition }] of batch) {
      if (row.state === 'closed') this.committed.delete(sessionId)
      else this.committed.set(sessionId, { row, customerPosition })
    }
  }
}
