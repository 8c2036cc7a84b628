/**
 * The `expect` step: the session's state, language, user data and idle phase as the console
 * shows them to a supervisor, and each role's view read through its own endpoint.
 */
import { checkStats, readStatsReport } from '../stats/stats-expectation'
import type { IdleSettings, SessionSummary } from '../../src-shared/domain'
import { IDLE_SETTING_KEYS } from '../../src-shared/idle-settings'
import { formatDuration, parseDuration } from './durations'
import { checkView, type Mismatch } from './matching'
import type { ExpectStep, ViewExpectation } from './scenario-schema'
import type { ScenarioWorld } from './scenario-world'
import { StepFailure } from './step-failure'
import { consoleView, failureItems, gmsItems, timelineItems, type Item } from './views'

function scalar(path: string, expected: unknown, actual: unknown): Mismatch[] {
  const same =
    expected === null
      ? actual === null || actual === undefined
      : String(actual) === String(expected)
  if (same) return []
  return [
    {
      path,
      message: `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual ?? null)}`,
      details: [],
    },
  ]
}

const FIELD_OF_WIRE_KEY = new Map<string, keyof IdleSettings>(
  Object.entries(IDLE_SETTING_KEYS).map(([field, wire]) => [wire, field as keyof IdleSettings]),
)

function deadlineText(deadline: number | null, now: number): string {
  if (deadline === null) return 'none'
  return `in ${formatDuration(deadline - now)} (${new Date(deadline).toISOString()})`
}

function checkIdle(
  world: ScenarioWorld,
  idle: NonNullable<ExpectStep['idle']>,
  summary: SessionSummary,
) {
  const mismatches: Mismatch[] = []
  const { phase, deadline, ...settings } = idle
  if (phase !== undefined)
    mismatches.push(...scalar('expect.idle.phase', phase, summary.idleStatus.phase))
  if (deadline !== undefined) {
    const now = world.clock.now()
    const expected = deadline === null ? null : now + (parseDuration(deadline) ?? 0)
    if (expected !== summary.idleStatus.deadline) {
      const message = `expected ${deadlineText(expected, now)}, got ${deadlineText(summary.idleStatus.deadline, now)}`
      mismatches.push({ path: 'expect.idle.deadline', message, details: [] })
    }
  }
  for (const [key, value] of Object.entries(settings)) {
    const field = FIELD_OF_WIRE_KEY.get(key)
    if (field && value !== undefined) {
      mismatches.push(...scalar(`expect.idle.${key}`, value, summary.idleControl[field]))
    }
  }
  return mismatches
}

function checkSession(world: ScenarioWorld, expect: ExpectStep, summary: SessionSummary) {
  const mismatches: Mismatch[] = []
  if (expect.state !== undefined)
    mismatches.push(...scalar('expect.state', expect.state, summary.state))
  if (expect.closeReason !== undefined) {
    mismatches.push(...scalar('expect.closeReason', expect.closeReason, summary.closeReason))
  }
  if (expect.language !== undefined) {
    mismatches.push(...scalar('expect.language', expect.language, summary.language?.code))
  }
  for (const [key, value] of Object.entries(expect.userData ?? {})) {
    mismatches.push(...scalar(`expect.userData.${key}`, value, summary.userData[key]))
  }
  if (expect.idle) mismatches.push(...checkIdle(world, expect.idle, summary))
  return mismatches
}

/** `as` of a view expectation, if it names a user. */
const viewUser = (view: ViewExpectation): string | undefined => view.as

/** Reads one view and checks it; a role refused the read fails with the refusal. */
async function checkRoleView(
  path: string,
  expectation: ViewExpectation,
  read: () => Promise<{ ok: true; items: Item[] } | { ok: false; error: string }>,
): Promise<Mismatch[]> {
  const view = await read()
  if (!view.ok) return [{ path, message: `could not read the view: ${view.error}`, details: [] }]
  return checkView(path, expectation, view.items)
}

/** The views of the customer: what its screen shows, and GMS's whole transcript. */
async function checkCustomerViews(world: ScenarioWorld, expect: ExpectStep): Promise<Mismatch[]> {
  const reference = expect.session
  const customer = world.customer(world.customers.has(reference ?? '') ? reference : undefined)
  const mismatches: Mismatch[] = []
  if (expect.customer) {
    await customer.catchUp()
    mismatches.push(...checkView('expect.customer', expect.customer, gmsItems(customer.entries)))
  }
  if (expect.transcript) {
    const entries = await customer.freshTranscript()
    mismatches.push(...checkView('expect.transcript', expect.transcript, gmsItems(entries)))
  }
  return mismatches
}

/** The agent's and the supervisor's console transcripts. */
async function checkConsoleViews(
  world: ScenarioWorld,
  expect: ExpectStep,
  sessionId: string,
): Promise<Mismatch[]> {
  const mismatches: Mismatch[] = []
  if (expect.agent) {
    const agent =
      viewUser(expect.agent) ??
      world.agentOfSession.get(sessionId) ??
      world.consoles.userId('agent')
    const read = () => consoleView(world, agent, sessionId)
    mismatches.push(...(await checkRoleView('expect.agent', expect.agent, read)))
  }
  if (expect.supervisor) {
    const supervisor = viewUser(expect.supervisor) ?? world.consoles.userId('supervisor')
    const read = () => consoleView(world, supervisor, sessionId)
    mismatches.push(...(await checkRoleView('expect.supervisor', expect.supervisor, read)))
  }
  return mismatches
}

async function checkTimeline(
  world: ScenarioWorld,
  expectation: ViewExpectation,
  session: SessionSummary,
): Promise<Mismatch[]> {
  const supervisor = world.consoles.userId('supervisor')
  const { sessionId } = session
  const timeline = await world.consoles.expect(supervisor, 'idleTimeline', { sessionId })
  const items = timelineItems(timeline, Date.parse(session.startedAt))
  return checkView('expect.timeline', expectation, items)
}

/** The keys of an `expect` step that are about a session (and so need one). */
const SESSION_KEYS = [
  'state',
  'closeReason',
  'language',
  'userData',
  'idle',
  'customer',
  'transcript',
  'agent',
  'supervisor',
  'timeline',
] as const satisfies readonly (keyof ExpectStep)[]

const isAboutSession = (expect: ExpectStep) => SESSION_KEYS.some((key) => expect[key] !== undefined)

/**
 * Every part of an `expect` step that does not hold; empty when all do.
 *
 * Adding a check: give the key its schema in
 * `expectSchema` (scenario-schema.ts, which also refuses a check that checks nothing), then
 * push its `Mismatch`es here. A check about the whole server, like `strategyErrors`, goes before
 * the session is looked up; a check about a session goes in `SESSION_KEYS` and after it.
 */
export async function checkExpectations(
  world: ScenarioWorld,
  expect: ExpectStep,
): Promise<Mismatch[]> {
  const mismatches: Mismatch[] = []
  if (expect.strategyErrors !== undefined) {
    mismatches.push(...checkStrategyErrors(world, expect.strategyErrors))
  }
  if (expect.stats !== undefined) mismatches.push(...(await checkStatsFigures(world, expect.stats)))
  if (!isAboutSession(expect)) return mismatches
  const sessionId = world.sessionId(expect.session)
  const supervisor = world.consoles.userId('supervisor')
  const { session } = await world.consoles.expect(supervisor, 'getSession', { sessionId })
  mismatches.push(...checkSession(world, expect, session))
  mismatches.push(...(await checkCustomerViews(world, expect)))
  mismatches.push(...(await checkConsoleViews(world, expect, sessionId)))
  if (expect.timeline) mismatches.push(...(await checkTimeline(world, expect.timeline, session)))
  return mismatches
}

/** The dashboard's figures now, read through the scenario's supervisor console. */
async function checkStatsFigures(
  world: ScenarioWorld,
  expected: NonNullable<ExpectStep['stats']>,
): Promise<Mismatch[]> {
  const supervisor = world.consoles.userId('supervisor')
  const report = await readStatsReport(
    (method, params) => world.consoles.expect(supervisor, method, params),
    expected,
  )
  return checkStats(expected, report)
}

function checkStrategyErrors(
  world: ScenarioWorld,
  expected: NonNullable<ExpectStep['strategyErrors']>,
) {
  world.acknowledgedFailures = world.strategyFailures.length
  return checkView('expect.strategyErrors', expected, failureItems(world.strategyFailures))
}

/** Runs an `expect` step; throws a {@link StepFailure} listing every mismatch. */
export async function runExpect(world: ScenarioWorld, expect: ExpectStep): Promise<void> {
  const mismatches = await checkExpectations(world, expect)
  if (mismatches.length === 0) return
  const [first, ...others] = mismatches
  const details = [
    ...(first?.details ?? []).map((line) => `  ${line}`),
    ...others.flatMap((mismatch) => [
      `${mismatch.path}: ${mismatch.message}`,
      ...mismatch.details.map((line) => `  ${line}`),
    ]),
  ]
  throw new StepFailure(`${first?.path}: ${first?.message}`, details)
}
