/**
 * Runs scenarios: each on a fresh server (scenario-world.ts), its steps in order, stopping at the
 * first that fails. Many run at once in one process: they spend their time on loopback I/O and
 * in SQLite, and one shared strategy loader loads each module once.
 */
import { resolve } from 'node:path'
import { describeMoment, traceLines } from './report'
import { loadShippedConfig, type ShippedConfig } from './scenario-config'
import { displayPath, loadScenarioFile, ScenarioError, type LoadedScenario } from './scenario-file'
import type { Step } from './scenario-schema'
import { SCENARIO_EPOCH, ScenarioWorld } from './scenario-world'
import { runStep, stepKind } from './steps'
import { formatStrategyFailure } from './strategy-failure'
import { StrategyLoader } from './strategy-loader'
import type { TraceRecord } from './strategy-trace'
import { StepFailure } from './step-failure'

/** How one scenario went. */
export interface ScenarioResult {
  /** The scenario's `name` (its file name when the file could not be read). */
  name: string
  file: string
  isPassed: boolean
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
export interface RunOptions {
  /** Scenarios running at once; default 8. */
  concurrency?: number
  /** Called as each scenario finishes. */
  onResult?: (result: ScenarioResult, index: number) => void
  /** Real ms a step may take to settle; default 10 s. */
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

/**
 * Runs the steps in order. What went wrong in the background during a step (a strategy that
 * threw, a failed poll) fails that step, unless the next step is an `expect` that accounts for
 * strategy errors.
 */
async function runSteps(world: ScenarioWorld, onStep: (index: number) => void): Promise<void> {
  const { steps } = world.scenario.data
  for (const [index, step] of steps.entries()) {
    onStep(index)
    await runStep(world, step)
    // Whatever the step made due now (a deadline moved into the past) fires before the next.
    await world.advance(0)
    const pending = backgroundFailure(world, steps[index + 1])
    if (pending) throw pending
  }
}

function failureLines(scenario: LoadedScenario, index: number, error: unknown): string[] {
  const line = scenario.stepLines[index]
  const step = scenario.data.steps[index]
  const where =
    step === undefined
      ? 'after the last step'
      : `step ${index + 1} (${stepKind(step)}${line === undefined ? '' : `, line ${line}`})`
  if (error instanceof StepFailure) return [`${where}: ${error.message}`, ...error.details]
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error)
  return [`${where}: ${text}`]
}

/** Runs one loaded scenario on its own server. */
export async function runScenario(
  scenario: LoadedScenario,
  options: { loader: StrategyLoader; settleTimeoutMs?: number },
): Promise<Omit<ScenarioResult, 'durationMs'>> {
  const strategyFiles = Object.values(scenario.config.strategies)
  const base = { name: scenario.name, file: scenario.file, strategyFiles }
  const world = await ScenarioWorld.start(scenario, options)
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
function notRun(file: string, name: string | undefined, reason: unknown, durationMs: number) {
  // The message only: a stack here would show Switchboard's own frames, not the user's file.
  const failure =
    reason instanceof ScenarioError
      ? reason.message.split('\n')
      : [reason instanceof Error ? reason.message : String(reason)]
  return {
    name: name ?? displayPath(file),
    file,
    isPassed: false,
    virtualMs: 0,
    strategyFiles: [],
    trace: [],
    durationMs,
    failure,
  }
}

async function runFile(
  file: string,
  shipped: ShippedConfig,
  options: { loader: StrategyLoader; settleTimeoutMs?: number },
): Promise<ScenarioResult> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  let scenario: LoadedScenario
  try {
    scenario = loadScenarioFile(file, shipped)
  } catch (error) {
    const name = error instanceof ScenarioError ? error.scenarioName : undefined
    return notRun(file, name, error, elapsed())
  }
  try {
    const result = await runScenario(scenario, options)
    return { ...result, durationMs: elapsed() }
  } catch (error) {
    return notRun(file, scenario.name, error, elapsed())
  }
}

/** Runs the scenario files, `concurrency` at a time; results in the order of `files`. */
export async function runScenarioFiles(
  files: readonly string[],
  options: RunOptions = {},
): Promise<ScenarioResult[]> {
  const shipped = loadShippedConfig()
  const loader = new StrategyLoader()
  const shared = {
    loader,
    ...(options.settleTimeoutMs ? { settleTimeoutMs: options.settleTimeoutMs } : {}),
  }
  const results: ScenarioResult[] = new Array(files.length)
  let next = 0
  const worker = async () => {
    while (next < files.length) {
      const index = next++
      const result = await runFile(resolve(files[index] ?? ''), shipped, shared)
      results[index] = result
      options.onResult?.(result, index)
    }
  }
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 8, files.length))
  await Promise.all(Array.from({ length: concurrency }, worker))
  return results
}
