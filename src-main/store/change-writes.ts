/**
 * What committing one session change runs, as data: indexes into the store's list of write
 * statements (write-statements.ts), each with its named parameters. Data, because the same
 * writes run in two places: on the main connection and in the writer thread (writer-thread.ts),
 * whose code cannot import modules and is handed `WRITE_SQL` instead.
 */
import type { SessionChange } from '../engine/ports'
import { toEventParams } from './event-rows'
import type { Statement } from 'better-sqlite3'
import type { SqliteDatabase } from './open-database'
import { toPartyParams } from './party-repository'
import { toSessionParams } from './session-repository'
import { STATEMENT, WRITE_SQL } from './write-statements'

/**
 * One statement: its index in `WRITE_SQL`, its parameters (primitives only: they cross to the
 * writer thread), and the statement to run instead when the first changed no row (an upsert).
 */
export type WriteOp = readonly [statement: number, params: object, orElse?: number]

/**
 * Writes committed together, keyed by what they depend on (a session id): a failed write fails
 * the later ones with its key.
 */
export interface ChangeWrite {
  key: string
  ops: WriteOp[]
}

/**
 * Captures the change's values now: the engine may go on mutating its session and party objects
 * before the batch commits, and the stored row must be the one this write described. In order: a
 * changed session row before its events (they reference it), parties, then events with the
 * positions the engine gave them.
 */
export function toChangeWrite(change: SessionChange): ChangeWrite {
  if (change.positions.length !== change.events.length) {
    throw new RangeError('a change needs one positions entry per event')
  }
  const ops: WriteOp[] = []
  if (change.isRowChanged) {
    ops.push([STATEMENT.sessionUpdate, toSessionParams(change.session), STATEMENT.sessionInsert])
  }
  for (const party of change.parties) {
    ops.push([STATEMENT.partyUpdate, toPartyParams(party), STATEMENT.partyInsert])
  }
  change.events.forEach((event, index) => {
    ops.push([STATEMENT.eventInsert, toEventParams(event, change.positions[index])])
  })
  return { key: change.session.sessionId, ops }
}

/** Runs change writes on a connection of this thread (the caller holds the transaction). */
export class WriteRunner {
  /** Prepared on first use: a database of an older schema (a migration test) lacks some tables. */
  private readonly statements: (Statement | undefined)[] = []

  constructor(private readonly db: SqliteDatabase) {}

  run(write: ChangeWrite): void {
    for (const [index, params, orElse] of write.ops) {
      const changed = this.statement(index).run(params).changes
      if (changed === 0 && orElse !== undefined) this.statement(orElse).run(params)
    }
  }

  private statement(index: number): Statement {
    const statement = this.statements[index] ?? this.db.prepare(WRITE_SQL[index]!)
    this.statements[index] = statement
    return statement
  }
}
