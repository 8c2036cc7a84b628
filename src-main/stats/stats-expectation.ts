/**
 * A scenario's `expect: { stats: { abandoned: 1 } }` (docs/dashboard.md), ready for the harness
 * to plug in: the schema of the expectation, how to read the figures through the supervisor's
 * console (the very numbers the dashboard shows), and the comparison. The harness wires it with
 * one key in its `expect` schema and one call in its checks.
 */
import { z } from 'zod'
import type { ConsoleMethodName, ConsoleParams, ConsoleResult } from '../../src-shared/console-api'
import { STATS_WINDOWS, type DashboardSnapshot, type StatsReport } from '../../src-shared/stats'
import type { Mismatch } from '../harness/matching'

/** The figures a scenario may pin (the names of `switchboard stats --json`). */
export const EXPECTABLE_FIGURES = [
  'offered',
  'answered',
  'abandoned',
  'queued',
  'active',
  'closedByIdle',
  'closedByTtl',
  'averageWaitSeconds',
  'p90WaitSeconds',
  'averageHandleSeconds',
  'serviceLevelPercent',
] as const satisfies readonly (keyof StatsReport)[]
export type ExpectableFigure = (typeof EXPECTABLE_FIGURES)[number]

const figure = z.number().nonnegative().nullable().optional()
// Safe: one optional figure schema per name of EXPECTABLE_FIGURES, built from that very list.
const figureShape = Object.fromEntries(EXPECTABLE_FIGURES.map((name) => [name, figure])) as Record<
  ExpectableFigure,
  typeof figure
>

export const statsExpectationSchema = z
  .strictObject({
    /** The dashboard window to read (default `today`: the whole scenario). */
    window: z.enum(STATS_WINDOWS).optional(),
    serviceLevelSeconds: z.number().int().min(1).max(3600).optional(),
    ...figureShape,
  })
  .refine(
    (expected) => EXPECTABLE_FIGURES.some((name) => expected[name] !== undefined),
    `a stats expectation checks nothing: name a figure (${EXPECTABLE_FIGURES.join(', ')})`,
  )

export type StatsExpectation = {
  window?: DashboardSnapshot['window']
  serviceLevelSeconds?: number
} & Partial<Record<ExpectableFigure, number | null>>

/** The figures of a dashboard snapshot under their `switchboard stats --json` names. */
export function statsReportOf(snapshot: DashboardSnapshot): StatsReport {
  return { ...snapshot.figures, queued: snapshot.now.queued, active: snapshot.now.active }
}

/** What the harness's supervisor console can do: one call, refused calls thrown. */
type ExpectCall = <M extends ConsoleMethodName>(
  method: M,
  params: ConsoleParams<M>,
) => Promise<ConsoleResult<M>>

/**
 * Reads the figures as a supervisor's dashboard shows them now, and leaves no subscription (and
 * so no timer on the scenario's clock) behind.
 */
export async function readStatsReport(
  call: ExpectCall,
  expected: StatsExpectation,
): Promise<StatsReport> {
  const snapshot = await call('dashboard.subscribe', {
    window: expected.window ?? 'today',
    ...(expected.serviceLevelSeconds === undefined
      ? {}
      : { serviceLevelSeconds: expected.serviceLevelSeconds }),
  })
  await call('dashboard.unsubscribe', {})
  return statsReportOf(snapshot)
}

/** One mismatch per figure that differs, with every figure in the details for context. */
export function checkStats(expected: StatsExpectation, actual: StatsReport): Mismatch[] {
  const context = EXPECTABLE_FIGURES.map((name) => `${name}: ${JSON.stringify(actual[name])}`)
  return EXPECTABLE_FIGURES.filter(
    (name) => expected[name] !== undefined && expected[name] !== actual[name],
  ).map((name) => ({
    path: `expect.stats.${name}`,
    message: `expected ${JSON.stringify(expected[name])}, got ${JSON.stringify(actual[name])}`,
    details: context,
  }))
}
