/**
 * Runs scenarios: each on a fresh server (scenario-world.ts), its steps in order, stopping at the
 * first that fails. Many run at once in one process: they spend their time on loopback I/O and
 * in SQLite, and one shared strategy loader loads each module once. Which runs there are is
 * settled first (scenario-plan.ts): one per file, or per row of its matrix, `--grep` and
 * `--shard` applied.
 */
import { describeMoment, traceLines } from './report'
import { loadShippedConfig } from './scenario-config'
import type { LoadedScenario } from './scenario-file'
import { planRuns, type PlannedRun, type PlanOptions } from './scenario-plan'
import type { Step } from './scenario-schema'
import { SCENARIO_EPOCH, ScenarioWorld } from './scenario-world'
import { runStep, stepKind } from './steps'
import { formatStrategyFailure } from './strategy-failure'
import { StrategyLoader } from './strategy-loader'
import type { TraceRecord } from './strategy-trace'
import { StepFailure } from './step-failure'
import { formatDuration } from './durations'

/** How one scenario went. */
export interface ScenarioResult {
  /** The scenario's `name` (its file name when the file could not be read). */
  name: string
  file: string
  isPassed: boolean
  /** Not run: an earlier scenario failed under `--bail`. */
  isSkipped?: boolean
  /** Real milliseconds, from loading to closing its server. */
  durationMs: number
  /** Virtual time the scenario covered. */
  virtualMs: number
  /** Why it failed: the first line is the headline, the rest details and the views. */
  failure?: string[]
  /** The strategy modules it ran with (`--watch` reruns when one changes). */
  strategyFiles: string[]
  /** What its strategies sent, got and heard (`--trace`, JUnit `system-out`). */
  trace?: TraceRecord[]
}

/** How a set of scenario files is run. */
export interface RunOptions extends PlanOptions {
  /** Scenarios running at once; default 8. */
  concurrency?: number
  /** Called as each scenario finishes. */
  onResult?: (result: ScenarioResult, index: number) => void
  /** Called once the runs are known, before any starts. */
  onPlanned?: (count: number) => void
  /** Real ms a step may take to settle; default 10 s (a scenario's `stepTimeout` wins). */
  settleTimeoutMs?: number
  /** Start no further scenario once one failed (`--bail`); the rest are skipped. */
  bail?: boolean
}

/** Shared by the runs of one `runScenarioFiles`. */
interface RunContext {
  loader: StrategyLoader
  settleTimeoutMs?: number
}

/** Strategy failures, poll errors and server errors since the last step, as a failure. */
function backgroundFailure(world: ScenarioWorld, next: Step | undefined): StepFailure | undefined {
  const isAcknowledging = next?.expect?.strategyErrors !== undefined
  const unacknowledged = world.strategyFailures.slice(world.acknowledgedFailures)
  if (unacknowledged.length > 0 && !isAcknowledging) {
    const [first] = unacknowledged
    return new StepFailure(`a strategy failed: ${first ? formatStrategyFailure(first) : ''}`, [
      ...userFrames(first?.stack),
      ...unacknowledged.slice(1).map((failure) => formatStrategyFailure(failure)),
    ])
  }
  const errors = [...world.tracker.errors.splice(0), ...world.serverErrors.splice(0)]
  if (errors.length > 0) return new StepFailure(errors[0] ?? 'failed', errors.slice(1))
  return undefined
}

/** Stack frames outside Switchboard itself: the strategy's own lines, for the report. */
function userFrames(stack: string | undefined): string[] {
  return (stack ?? '')
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => !/node:internal|[/\\](out[/\\]main|src-main)[/\\]/.test(line))
    .slice(0, 5)
}

/** Fails the scenario once it has used more real time than its `wallTime` allows. */
function checkWallTime(scenario: LoadedScenario, startedAt: number): void {
  if (scenario.wallTimeMs === undefined) return
  const used = performance.now() - startedAt
  if (used <= scenario.wallTimeMs) return
  throw new StepFailure(
    `the scenario took ${Math.round(used)} ms of real time, over its wallTime of ${formatDuration(scenario.wallTimeMs)}`,
  )
}

/**
 * Runs the steps in order. What went wrong in the background during a step (a strategy that
 * threw, a failed poll) fails that step, unless the next step is an `expect` that accounts for
 * strategy errors.
 */
async function runSteps(world: ScenarioWorld, onStep: (index: number) => void): Promise<void> {
  const { steps } = world.scenario
  const startedAt = performance.now()
  for (const [index, { step }] of steps.entries()) {
    onStep(index)
    await runStep(world, step)
    // Whatever the step made due now (a deadline moved into the past) fires before the next.
    await world.advance(0)
    const pending = backgroundFailure(world, steps[index + 1]?.step)
    if (pending) throw pending
    checkWallTime(world.scenario, startedAt)
  }
}

/** `step 4 (expect, line 8)`, counted from 1 over the steps as they run. */
export function stepLabel(scenario: LoadedScenario, index: number): string {
  const planned = scenario.steps[index]
  if (planned === undefined) return 'after the last step'
  const where = planned.where === '' ? '' : `, ${planned.where}`
  return `step ${index + 1} (${stepKind(planned.step)}${where})`
}

function failureLines(scenario: LoadedScenario, index: number, error: unknown): string[] {
  const where = stepLabel(scenario, index)
  if (error instanceof StepFailure) return [`${where}: ${error.message}`, ...error.details]
  // Not the scenario's fault: the message says what, without Switchboard's own stack frames.
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return [`${where}: ${text}`]
}

/** Runs one loaded scenario on its own server. */
export async function runScenario(
  scenario: LoadedScenario,
  options: RunContext,
): Promise<Omit<ScenarioResult, 'durationMs'>> {
  const strategyFiles = Object.values(scenario.config.strategies)
  const base = { name: scenario.name, file: scenario.file, strategyFiles }
  const settleTimeoutMs = scenario.stepTimeoutMs ?? options.settleTimeoutMs
  const world = await ScenarioWorld.start(scenario, {
    loader: options.loader,
    ...(settleTimeoutMs === undefined ? {} : { settleTimeoutMs }),
  })
  let stepIndex = 0
  try {
    await runSteps(world, (index) => (stepIndex = index))
    return { ...base, isPassed: true, virtualMs: world.elapsed, trace: world.traces }
  } catch (error) {
    const failure = [
      ...failureLines(scenario, stepIndex, error),
      ...(await describeMoment(world)),
      ...traceLines(world.traces, SCENARIO_EPOCH),
    ]
    return { ...base, isPassed: false, virtualMs: world.elapsed, failure, trace: world.traces }
  } finally {
    await world.close()
  }
}

/** A scenario that could not run at all: labelled by its name, with the reason alone. */
function notRun(run: PlannedRun, reason: unknown, durationMs: number): ScenarioResult {
  // The message only: a stack here would show Switchboard's own frames, not the user's file.
  const failure = (reason instanceof Error ? reason.message : String(reason)).split('\n')
  return {
    name: run.name,
    file: run.file,
    isPassed: false,
    virtualMs: 0,
    strategyFiles: [],
    trace: [],
    durationMs,
    failure,
  }
}

async function runPlanned(run: PlannedRun, context: RunContext): Promise<ScenarioResult> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  if (!run.scenario) return notRun(run, run.error, elapsed())
  try {
    const result = await runScenario(run.scenario, context)
    return { ...result, durationMs: elapsed() }
  } catch (error) {
    return notRun(run, error, elapsed())
  }
}

function skipped(run: PlannedRun): ScenarioResult {
  const base = { name: run.name, file: run.file, durationMs: 0, virtualMs: 0 }
  return { ...base, isPassed: false, isSkipped: true, strategyFiles: [], trace: [] }
}

/** Runs planned runs, `concurrency` at a time; results in their order. */
export async function runPlannedRuns(
  runs: readonly PlannedRun[],
  options: RunOptions = {},
): Promise<ScenarioResult[]> {
  const context: RunContext = {
    loader: new StrategyLoader(),
    ...(options.settleTimeoutMs ? { settleTimeoutMs: options.settleTimeoutMs } : {}),
  }
  options.onPlanned?.(runs.length)
  const results: ScenarioResult[] = new Array(runs.length)
  let next = 0
  let hasFailed = false
  const worker = async () => {
    while (next < runs.length) {
      const index = next++
      const run = runs[index]
      if (!run) continue
      const result = options.bail && hasFailed ? skipped(run) : await runPlanned(run, context)
      if (!result.isPassed && !result.isSkipped) hasFailed = true
      results[index] = result
      options.onResult?.(result, index)
    }
  }
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 8, runs.length))
  await Promise.all(Array.from({ length: concurrency }, worker))
  return results
}

/** Runs the scenario files (each row of a matrix a run of its own); results in order. */
export async function runScenarioFiles(
  files: readonly string[],
  options: RunOptions = {},
): Promise<ScenarioResult[]> {
  return runPlannedRuns(planRuns(files, loadShippedConfig(), options), options)
}
