/**
 * `switchboard stats [--data-dir DIR] [--since 1h|today] [--service-level 30s] [--json]`: the
 * dashboard's window figures and open sessions, read from the store read-only, so it works
 * whether the app runs on that data directory or not (docs/dashboard.md).
 */
import { resolveDataDir } from '../config/data-dir'
import { formatDuration, parseDuration } from '../harness/durations'
import { computeStatsReport } from '../stats/stats-figures'
import { startOfLocalDay } from '../stats/stats-windows'
import { openReadOnlyStore } from '../store/open-read-only'
import { StatsRepository } from '../store/stats-repository'
import { DEFAULT_SERVICE_LEVEL_SECONDS, type StatsReport } from '../../src-shared/stats'
import { STATS_SCHEMA_VERSION } from '../store/session-stats-migration'

export interface StatsCommandOptions {
  dataDir?: string
  since: string
  serviceLevel?: string
  json?: boolean
}

/** Output streams and the time, injectable for tests. */
export interface CommandIo {
  out(text: string): void
  err(text: string): void
  now(): number
}

export const processIo: CommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  now: () => Date.now(),
}

/** `--since`: a duration back from now (`15m`, `1h`, `2h30m`) or `today` (local midnight). */
export function parseSince(text: string, now: number): number | undefined {
  if (text === 'today') return startOfLocalDay(now)
  const milliseconds = parseDuration(text)
  return milliseconds === undefined ? undefined : now - milliseconds
}

function formatSeconds(seconds: number | null): string {
  return seconds === null ? '-' : formatDuration(Math.round(seconds * 1000))
}

/** The report as aligned `name  value` lines. */
export function formatStatsReport(report: StatsReport, sinceText: string): string {
  const rows: [string, string][] = [
    ['window', `since ${new Date(report.since).toISOString()} (${sinceText})`],
    ['queued now', String(report.queued)],
    ['active now', String(report.active)],
    ['offered', String(report.offered)],
    ['answered', String(report.answered)],
    ['abandoned', String(report.abandoned)],
    ['closed by idle', String(report.closedByIdle)],
    ['closed by TTL', String(report.closedByTtl)],
    ['average wait', formatSeconds(report.averageWaitSeconds)],
    ['p90 wait', formatSeconds(report.p90WaitSeconds)],
    ['average handle time', formatSeconds(report.averageHandleSeconds)],
    [
      `service level (${report.serviceLevelThresholdSeconds}s)`,
      report.serviceLevelPercent === null ? '-' : `${report.serviceLevelPercent}%`,
    ],
  ]
  const width = Math.max(...rows.map(([name]) => name.length))
  return rows.map(([name, value]) => `${name.padEnd(width)}  ${value}\n`).join('')
}

/** Runs the command; returns the exit code (0 ok, 2 bad input or unreadable store). */
export function statsCommand(options: StatsCommandOptions, io: CommandIo = processIo): number {
  const now = io.now()
  const since = parseSince(options.since, now)
  if (since === undefined) {
    io.err(
      `switchboard stats: --since takes a duration such as 15m, 1h, 2h30m, or "today" ` +
        `(got ${JSON.stringify(options.since)})\n`,
    )
    return 2
  }
  const thresholdMs = parseDuration(options.serviceLevel ?? `${DEFAULT_SERVICE_LEVEL_SECONDS}s`)
  if (thresholdMs === undefined || thresholdMs < 1000) {
    io.err(
      `switchboard stats: --service-level takes a duration of at least 1s such as 30s ` +
        `(got ${JSON.stringify(options.serviceLevel)})\n`,
    )
    return 2
  }
  const dataDir = resolveDataDir(options.dataDir)
  let db
  try {
    db = openReadOnlyStore(dataDir, STATS_SCHEMA_VERSION)
  } catch (error) {
    io.err(`switchboard stats: ${error instanceof Error ? error.message : String(error)}\n`)
    return 2
  }
  try {
    const report = computeStatsReport(
      new StatsRepository(db),
      { since, until: now + 1 },
      thresholdMs / 1000,
    )
    io.out(options.json ? `${JSON.stringify(report)}\n` : formatStatsReport(report, options.since))
    return 0
  } finally {
    db.close()
  }
}
