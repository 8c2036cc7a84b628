/**
 * The reading methods: the session list, one session, its transcript, and the supervisor's
 * comparison of the three audiences' views. Every read goes through the engine's role-filtered
 * read path; nothing here filters events itself.
 */
import type {
  LanguagesResult,
  SessionFilters,
  SessionListItem,
  SessionListResult,
} from '../../src-shared/console-api'
import type { SessionSummary } from '../../src-shared/domain'
import type { SessionQuery } from '../engine/ports'
import { readableSession, type ConsoleContext, type ConsoleHandlers } from './console-context'
import { ConsoleApiError } from './console-errors'
import { listUserData } from './list-user-data'

function baseQuery(filters: SessionFilters, context: ConsoleContext): SessionQuery {
  return {
    role: context.user.role,
    ...(filters.endpoint === undefined ? {} : { endpoint: filters.endpoint }),
    ...(filters.application === undefined ? {} : { application: filters.application }),
    ...(filters.language === undefined ? {} : { languageCode: filters.language }),
    ...(filters.text === undefined ? {} : { text: filters.text }),
  }
}

function toListItem(summary: SessionSummary, now: number): SessionListItem {
  const waited = Math.floor((now - Date.parse(summary.startedAt)) / 1000)
  return {
    ...summary,
    userData: listUserData(summary.userData),
    waitSeconds: summary.state === 'queued' ? Math.max(0, waited) : null,
  }
}

/** A supervisor's list: every filter is a condition of one SQL query. */
function supervisorList(context: ConsoleContext, filters: SessionFilters, limit: number) {
  const query: SessionQuery = {
    ...baseQuery(filters, context),
    state: filters.state ?? 'any',
    ...(filters.agent === undefined ? {} : { agentUserId: filters.agent }),
    limit: limit + 1,
  }
  return context.engine.listSessions(query, 'supervisor')
}

/**
 * An agent's list: the queue (no agent filter can match it) and the active sessions it is in,
 * each one SQL query with its state and agent as conditions.
 */
function agentList(context: ConsoleContext, filters: SessionFilters, limit: number) {
  const state = filters.state ?? 'any'
  const { engine, user } = context
  const query: SessionQuery = { ...baseQuery(filters, context), limit: limit + 1 }
  const wantsQueue = ['any', 'open', 'queued'].includes(state) && filters.agent === undefined
  const wantsOwn =
    ['any', 'open', 'active'].includes(state) &&
    (filters.agent === undefined || filters.agent === user.id)
  const queue = wantsQueue ? engine.listSessions({ ...query, state: 'queued' }, 'agent') : []
  const own = wantsOwn
    ? engine.listSessions(
        { ...query, state: 'active', agentUserId: user.id, isAgentPresent: true },
        'agent',
      )
    : []
  return [...queue, ...own].sort((a, b) => b.startedAt.localeCompare(a.startedAt))
}

function listSessions(
  context: ConsoleContext,
  params: { filters: SessionFilters; limit: number },
): SessionListResult {
  const { filters, limit } = params
  const matching =
    context.user.role === 'supervisor'
      ? supervisorList(context, filters, limit)
      : agentList(context, filters, limit)
  const serverTime = context.clock.now()
  return {
    sessions: matching.slice(0, limit).map((summary) => toListItem(summary, serverTime)),
    serverTime,
    isTruncated: matching.length > limit,
  }
}

/**
 * An application's configured languages, for the language switcher and the ESP composer. Open
 * to agents too: the list is configuration, not session data, and an agent's composer may send
 * `ConfigureSession`.
 */
function listLanguages(context: ConsoleContext, application: string): LanguagesResult {
  if (!context.engine.applicationNames.includes(application)) {
    throw new ConsoleApiError(
      'unknown-application',
      `No application named ${JSON.stringify(application)}`,
      'application',
    )
  }
  const config = context.engine.application(application)
  return {
    application: config.name,
    defaultCode: config.defaultLanguage,
    languages: config.languages.map(({ code, name }) => ({ code, name })),
  }
}

/** The reading methods, by name. */
export const READ_HANDLERS: ConsoleHandlers<
  'listSessions' | 'getSession' | 'readTranscript' | 'compareViews' | 'listLanguages'
> = {
  listSessions,
  listLanguages: (context, { application }) => listLanguages(context, application),

  getSession(context, { sessionId }) {
    return { session: readableSession(context, sessionId), serverTime: context.clock.now() }
  },

  readTranscript(context, { sessionId, afterEventId, beforeEventId, limit }) {
    readableSession(context, sessionId)
    return context.engine.readTranscript(sessionId, context.user.role, {
      limit,
      ...(afterEventId === undefined ? {} : { afterEventId }),
      ...(beforeEventId === undefined ? {} : { beforeEventId }),
    })
  },

  compareViews(context, { sessionId, limit }) {
    if (!context.engine.getSession(sessionId, 'supervisor')) {
      throw new ConsoleApiError('unknown-session', `No session ${sessionId}`)
    }
    // Reading backwards from past the end gives each audience its newest page.
    const newest = { beforeEventId: Number.MAX_SAFE_INTEGER, limit }
    return {
      customer: context.engine.readTranscript(sessionId, 'customer', newest),
      agent: context.engine.readTranscript(sessionId, 'agent', newest),
      supervisor: context.engine.readTranscript(sessionId, 'supervisor', newest),
    }
  },
}
