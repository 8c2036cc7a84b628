/**
 * `switchboard export SESSION_ID [--data-dir DIR] --audience customer|agent|supervisor
 * --format txt|html|json`: one transcript exactly as that audience saw it, read from the store
 * read-only (app running or stopped). Local file access is full access, so the command may
 * export any audience; the console applies the roles (docs/dashboard.md).
 */
import { ROLES, type Role } from '../../src-shared/domain'
import { visibilitiesFor } from '../../src-shared/visibility'
import { resolveDataDir } from '../config/data-dir'
import {
  buildTranscriptExport,
  EXPORT_FORMATS,
  renderExport,
  type ExportFormat,
} from '../export/transcript-export'
import { SqlitePersistence } from '../store'
import { openReadOnlyStore } from '../store/open-read-only'
import { processIo, type CommandIo } from './stats-command'

export interface ExportCommandOptions {
  dataDir?: string
  audience: string
  format: string
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value)
}

/** Runs the command; returns the exit code (0 ok, 1 unknown session, 2 bad input). */
export function exportCommand(
  sessionId: string,
  options: ExportCommandOptions,
  io: CommandIo = processIo,
): number {
  const fail = (message: string, code = 2) => {
    io.err(`switchboard export: ${message}\n`)
    return code
  }
  if (!isOneOf(ROLES, options.audience)) {
    return fail(`--audience must be customer, agent or supervisor (got ${options.audience})`)
  }
  if (!isOneOf(EXPORT_FORMATS, options.format)) {
    return fail(`--format must be txt, html or json (got ${options.format})`)
  }
  let persistence: SqlitePersistence
  try {
    persistence = new SqlitePersistence(openReadOnlyStore(resolveDataDir(options.dataDir)))
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
  try {
    const text = exportFromStore(persistence, sessionId, options.audience, options.format)
    if (text === undefined) return fail(`no session ${sessionId} in this data directory`, 1)
    io.out(text)
    return 0
  } finally {
    persistence.close()
  }
}

/** The rendered export of a stored session, or undefined for an unknown one. */
export function exportFromStore(
  persistence: SqlitePersistence,
  sessionId: string,
  audience: Role,
  format: ExportFormat,
): string | undefined {
  const stored = persistence.loadSession(sessionId)
  if (!stored) return undefined
  const { session, parties } = stored
  const { events } = persistence.readEvents(sessionId, { visibilities: visibilitiesFor(audience) })
  const languageName = session.userData.GCTI_LanguageName
  const document = buildTranscriptExport(
    audience,
    {
      sessionId,
      application: session.application,
      endpoint: session.endpoint,
      startedAt: session.startedAt,
      closedAt: session.closedAt,
      closeReason: session.closeReason,
      language:
        session.languageCode === null
          ? null
          : { code: session.languageCode, name: languageName ?? session.languageCode },
      userData: session.userData,
    },
    parties,
    events,
  )
  return renderExport(document, format)
}
