/**
 * The engine's `Persistence` on better-sqlite3, with group commit: reads on the given connection;
 * small batches commit on it too, large ones in the writer thread when there is one (a database
 * file).
 */
import type { ChatEvent, Visibility } from '../../src-shared/domain'
import type {
  EventPage,
  EventQuery,
  PartyRecord,
  Persistence,
  SessionChange,
  SessionQuery,
  SessionRecord,
} from '../engine/ports'
import { toChangeWrite, WriteRunner, type ChangeWrite } from './change-writes'
import { EventRepository } from './event-repository'
import { GroupCommit, type GroupCommitStats } from './group-commit'
import type { SqliteDatabase } from './open-database'
import { PartyRepository } from './party-repository'
import { SessionRepository } from './session-repository'
import { SessionSearch } from './session-search'
import { classifyWriteError } from './write-errors'
import type { WriterThread } from './writer-thread'

export class SqlitePersistence implements Persistence {
  private readonly sessions: SessionRepository
  private readonly parties: PartyRepository
  private readonly events: EventRepository
  private readonly search: SessionSearch
  private readonly commits: GroupCommit<ChangeWrite>
  private readonly writer: WriterThread | undefined
  private isClosed = false

  private released: Promise<void> = Promise.resolve()

  /**
   * Takes ownership of `db` (from `openDatabase`) and of `options.writer`: `close()` closes
   * both, after `beforeClose` (which stops whatever else uses the file, such as the WAL
   * checkpointer, and may return a promise that settles once it has let go of the file). Without
   * a writer thread (an in-memory database, or a thread that could not start) every batch
   * commits on `db`.
   */
  constructor(
    private readonly db: SqliteDatabase,
    private readonly beforeClose: () => Promise<void> | void = () => {},
    options: { writer?: WriterThread; maxItemsOnThisThread?: number } = {},
  ) {
    this.writer = options.writer
    this.sessions = new SessionRepository(db)
    this.parties = new PartyRepository(db)
    this.events = new EventRepository(db)
    this.search = new SessionSearch(db)
    const runner = new WriteRunner(db)
    const commitWrites = db.transaction((writes: readonly ChangeWrite[]) => {
      for (const write of writes) runner.run(write)
    })
    // IMMEDIATE takes the write lock at BEGIN, where busy_timeout applies, instead of failing
    // mid-batch if another connection (a `sqlite3` shell) holds it.
    this.commits = new GroupCommit(
      (writes) => {
        try {
          commitWrites.immediate(writes)
        } catch (error) {
          throw classifyWriteError(error)
        }
      },
      {
        keyOf: (write) => write.key,
        thread: options.writer,
        maxItemsHere: options.maxItemsOnThisThread,
      },
    )
  }

  /**
   * Queues the change; it commits with every other change queued meanwhile, in call order, in one
   * transaction. Resolves once committed. If the transaction fails, each change is tried alone:
   * one that fails rejects (with a `StoreWriteError` for disk trouble), and so does every later
   * change of its session; the others are stored.
   */
  write(change: SessionChange): Promise<void> {
    if (this.isClosed) return Promise.reject(new Error('the store is closed'))
    let write: ChangeWrite
    try {
      write = toChangeWrite(change)
    } catch (error) {
      return Promise.reject(error)
    }
    return this.commits.enqueue(write)
  }

  /**
   * Queues rows that are no session change (GMS customers), committed in order with the session
   * changes queued around them. Rejects as `write` does.
   */
  writeRows(write: ChangeWrite): Promise<void> {
    if (this.isClosed) return Promise.reject(new Error('the store is closed'))
    return this.commits.enqueue(write)
  }

  /** Resolves once every write queued so far has settled (committed, or rejected). */
  flush(): Promise<void> {
    return this.commits.whenIdle()
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
    return this.commits.stats
  }

  /**
   * Commits what is still queued, then closes the database. Idempotent; later writes reject.
   */
  close(): void {
    if (this.isClosed) return
    this.isClosed = true
    this.commits.commitQueued()
    const writerClosed = this.writer?.close()
    this.released = Promise.all([this.beforeClose(), writerClosed]).then(() => {})
    this.db.close()
  }

  /**
   * Settles once nothing holds the database file any more (the checkpoint worker's own
   * connection closes a little after `close()`): await it before deleting or reopening the file.
   */
  get closed(): Promise<void> {
    return this.released
  }
}
