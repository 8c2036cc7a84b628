/**
 * `switchboard run FILE... [--junit OUT.xml] [--jobs N] [--watch]` (docs/harness.md): runs the
 * scenarios in parallel, prints one line per scenario in the order given (failures with their
 * details under it), then `N passed, N failed` alone on the last line. Exit status 0 only when
 * every scenario passed, 1 when one failed, 2 when there was nothing to run.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { junitReport } from './junit'
import { runInWorkers } from './run-workers'
import { parseDuration } from './durations'
import { loadShippedConfig } from './scenario-config'
import { parseShard, planRuns } from './scenario-plan'
import { runPlannedRuns, type RunOptions, type ScenarioResult } from './scenario-runner'
import { findScenarioFiles } from './scenario-files'
import { SCENARIO_EPOCH } from './scenario-world'
import { watchScenarios } from './watch'

/** The options of `switchboard run`. */
export interface RunCommandOptions {
  junit?: string
  /** Write every strategy's trace to this file, as JSON Lines, for passing scenarios too. */
  trace?: string
  /** Scenarios running at once in each thread. */
  jobs?: number
  /**
   * Threads to spread the scenarios over; default 1. Measured on 2 cores (bench): 100 scenarios
   * cost about 50% more CPU time on two threads (each warms up its own JIT), so a second thread
   * pays off only on an otherwise idle machine, and loses on a busy CI runner.
   */
  workers?: number
  watch?: boolean
  /** Run only scenarios whose name matches this regular expression. */
  grep?: string
  /** Run only this part of the suite: `2/3`, the second of three (CI matrices). */
  shard?: string
  /** Start no further scenario once one failed. */
  bail?: boolean
  /** Real time a step may take to settle (`10s`, default). */
  stepTimeout?: string
}

/**
 * Exit statuses, the same whatever the arguments' order (docs/harness.md, "Exit status"): every
 * scenario passed (an empty shard included), one failed (or could not be read), or the command
 * was used wrongly (an unknown option or value, a file or pattern that matches nothing, a
 * `--grep` no scenario matches), in which case nothing runs.
 */
export const EXIT = { passed: 0, failed: 1, usage: 2 } as const

/** A mistake in how `switchboard run` was called: reported on stderr, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

function regexOption(text: string): RegExp {
  try {
    return new RegExp(text)
  } catch (error) {
    throw new UsageError(`--grep: ${error instanceof Error ? error.message : String(error)}`)
  }
}

function durationOption(text: string): number {
  const milliseconds = parseDuration(/^\d+(\.\d+)?$/.test(text) ? Number(text) : text)
  if (milliseconds === undefined || milliseconds <= 0) {
    throw new UsageError(
      `--step-timeout: expected a duration such as 10s or 500ms (got ${JSON.stringify(text)})`,
    )
  }
  return milliseconds
}

function shardOption(text: string) {
  try {
    return parseShard(text)
  } catch (error) {
    throw new UsageError(`--shard: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** The run options the command's flags make; throws a {@link UsageError} on a bad value. */
export function runOptionsOf(options: RunCommandOptions): RunOptions {
  return {
    ...(options.jobs === undefined ? {} : { concurrency: options.jobs }),
    ...(options.grep === undefined ? {} : { grep: regexOption(options.grep) }),
    ...(options.shard === undefined ? {} : { shard: shardOption(options.shard) }),
    ...(options.bail ? { bail: true } : {}),
    ...(options.stepTimeout === undefined
      ? {}
      : { settleTimeoutMs: durationOption(options.stepTimeout) }),
  }
}

const useColor = () => process.stdout.isTTY === true && process.env.NO_COLOR === undefined
const paint = (code: number, text: string) =>
  useColor() ? `\u001b[${code}m${text}\u001b[0m` : text

/** `✓ name (12 ms)`, or `✗ name (12 ms)` and the failure indented under it. */
export function formatResult(result: ScenarioResult): string {
  if (result.isSkipped) return `- ${result.name} (skipped: an earlier scenario failed, --bail)`
  const mark = result.isPassed ? paint(32, '✓') : paint(31, '✗')
  const line = `${mark} ${result.name} (${result.durationMs} ms)`
  if (result.isPassed) return line
  return [line, ...(result.failure ?? []).map((detail) => `    ${detail}`)].join('\n')
}

/** `N passed, N failed`. */
export function summaryLine(results: readonly ScenarioResult[]): string {
  const passed = results.filter((result) => result.isPassed).length
  const failed = results.filter((result) => !result.isPassed && !result.isSkipped).length
  return `${passed} passed, ${failed} failed`
}

/** Prints results in the order of the files, each as soon as it and those before it are done. */
function orderedPrinter(): (result: ScenarioResult, index: number) => void {
  const done: (ScenarioResult | undefined)[] = []
  let printed = 0
  return (result, index) => {
    done[index] = result
    for (let next = done[printed]; next !== undefined; next = done[printed]) {
      process.stdout.write(`${formatResult(next)}\n`)
      printed += 1
    }
  }
}

function writeOutput(file: string, text: string): void {
  const out = resolve(file)
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, text)
}

/**
 * `--trace FILE`: one JSON object a line, each a strategy's request, answer, log line or event,
 * with its scenario, its virtual time (`at`, seconds since the scenario started) and its session.
 */
export function traceJsonLines(results: readonly ScenarioResult[], cwd = process.cwd()): string {
  return results
    .flatMap((result) =>
      (result.trace ?? []).map((record) =>
        JSON.stringify({
          scenario: result.name,
          file: relative(cwd, result.file),
          at: (record.time - SCENARIO_EPOCH) / 1000,
          ...record,
          strategy: relative(cwd, record.strategy),
        }),
      ),
    )
    .map((line) => `${line}\n`)
    .join('')
}

/** One run; returns its exit status. */
export async function runOnce(
  files: readonly string[],
  options: RunCommandOptions,
): Promise<number> {
  const started = performance.now()
  const runOptions = { ...runOptionsOf(options), onResult: orderedPrinter() }
  const runs = planRuns(files, loadShippedConfig(), runOptions)
  if (runs.length === 0 && runOptions.grep) {
    throw new UsageError(`no scenario name matches --grep ${options.grep}`)
  }
  const workers = Math.max(1, Math.min(options.workers ?? 1, runs.length))
  const entry = process.argv[1]
  const results =
    workers > 1 && entry !== undefined
      ? await runInWorkers(entry, runs, { ...runOptions, workers })
      : await runPlannedRuns(runs, runOptions)
  if (options.junit !== undefined) {
    writeOutput(options.junit, junitReport(results, { durationMs: performance.now() - started }))
  }
  if (options.trace !== undefined) writeOutput(options.trace, traceJsonLines(results))
  const skipped = results.filter((result) => result.isSkipped).length
  if (skipped > 0) process.stdout.write(`${skipped} skipped after the first failure (--bail)\n`)
  if (runs.length === 0) process.stdout.write(`shard ${options.shard} has no scenario\n`)
  process.stdout.write(`${summaryLine(results)}\n`)
  return results.every((result) => result.isPassed) ? EXIT.passed : EXIT.failed
}

/** `switchboard run`: the exit status (with `--watch`, it runs until interrupted). */
export async function runCommand(
  inputs: readonly string[],
  options: RunCommandOptions,
): Promise<number> {
  try {
    runOptionsOf(options) // a bad flag value is a usage error before anything runs
    const found = findScenarioFiles(inputs)
    if (found.problems.length > 0) {
      throw new UsageError([...found.problems, 'nothing was run'].join('\n'))
    }
    if (found.files.length === 0) throw new UsageError('no scenario files to run')
    if (options.watch) return await watchScenarios(inputs, options)
    return await runOnce(found.files, options)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    for (const line of error.message.split('\n')) process.stderr.write(`switchboard run: ${line}\n`)
    return EXIT.usage
  }
}
