/**
 * The console's session list: filters on the session, its agents and its transcript.
 */
import type Database from 'better-sqlite3'
import { visibilitiesFor } from '../../src-shared/visibility'
import type { SessionQuery, SessionRecord } from '../engine/ports'
import { checkLimit, toVisibilityParams, visibilityFilter } from './event-repository'
import type { SqliteDatabase } from './open-database'
import { sessionSelectList, toSessionRecord, type SessionRow } from './session-repository'

type SearchParams = Record<string, string | number | null>
type SearchStatement = Database.Statement<[SearchParams], SessionRow>

/** Escapes `\`, `%` and `_` so the text matches literally inside `LIKE ... ESCAPE '\'`. */
export function toLikePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`
}

/**
 * Filters combine into one `WHERE`. The SQL is assembled only from the constant fragments below,
 * chosen by which filters are present; every value is bound. Each distinct combination is
 * prepared once and cached (at most a few hundred exist).
 */
export class SessionSearch {
  private readonly statements = new Map<string, SearchStatement>()

  constructor(private readonly db: SqliteDatabase) {}

  /**
   * Sessions matching every given filter, newest first.
   *
   * @throws TypeError when `text` is given without the `role` whose visibility it searches.
   */
  list(query: SessionQuery): SessionRecord[] {
    const conditions: string[] = []
    const params: SearchParams = { limit: checkLimit(query.limit) }
    addStateCondition(query.state ?? 'any', conditions)
    addEquality(conditions, params, 'application', query.application)
    addEquality(conditions, params, 'endpoint', query.endpoint)
    addEquality(conditions, params, 'language_code', query.languageCode)
    if (query.agentUserId !== undefined) {
      const present = query.isAgentPresent === true ? 'AND p.is_present = 1' : ''
      conditions.push(`EXISTS (SELECT 1 FROM parties p WHERE p.session_id = s.session_id
        AND p.user_id = @agentUserId AND p.type = 'AGENT' ${present})`)
      params.agentUserId = query.agentUserId
    }
    if (query.text !== undefined && query.text !== '') {
      addTextCondition(query, query.text, conditions, params)
    }
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`
    const sql = `SELECT ${sessionSelectList('s')} FROM sessions s ${where}
      ORDER BY s.started_at DESC, s.session_id DESC LIMIT @limit`
    return this.statementFor(sql).all(params).map(toSessionRecord)
  }

  private statementFor(sql: string): SearchStatement {
    let statement = this.statements.get(sql)
    if (statement === undefined) {
      statement = this.db.prepare<SearchParams, SessionRow>(sql)
      this.statements.set(sql, statement)
    }
    return statement
  }
}

function addStateCondition(state: NonNullable<SessionQuery['state']>, conditions: string[]): void {
  // Spelled as in the partial index `sessions_open`, so SQLite can use it.
  if (state === 'open') conditions.push(`s.state <> 'closed'`)
  else if (state === 'closed') conditions.push(`s.state = 'closed'`)
  else if (state === 'queued') conditions.push(`s.state <> 'closed' AND s.state = 'queued'`)
  else if (state === 'active') conditions.push(`s.state <> 'closed' AND s.state = 'active'`)
}

/** `column` is one of the literals above, never a caller's value. */
function addEquality(
  conditions: string[],
  params: SearchParams,
  column: 'application' | 'endpoint' | 'language_code',
  value: string | undefined,
): void {
  if (value === undefined) return
  conditions.push(`s.${column} = @${column}`)
  params[column] = value
}

/**
 * Matches message and notice texts the role may see, so a search never reveals that a hidden
 * (INT or VIP) event contains the text (docs/sessions.md, "Visibility": search results too). `LIKE`
 * ignores case for ASCII letters only.
 */
function addTextCondition(
  query: SessionQuery,
  text: string,
  conditions: string[],
  params: SearchParams,
): void {
  if (query.role === undefined) {
    throw new TypeError('query.role is required with query.text: it decides which texts match')
  }
  conditions.push(`EXISTS (SELECT 1 FROM events e WHERE e.session_id = s.session_id
    AND ${visibilityFilter('e')} AND e.text LIKE @textPattern ESCAPE '\\')`)
  Object.assign(params, toVisibilityParams(visibilitiesFor(query.role)))
  params.textPattern = toLikePattern(text)
}
