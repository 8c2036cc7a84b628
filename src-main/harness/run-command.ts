/**
 * `switchboard run FILE... [--junit OUT.xml] [--jobs N] [--watch]` (harness.md): runs the
 * scenarios in parallel, prints one line per scenario in the order given (failures with their
 * details under it), then `N passed, N failed` alone on the last line. Exit status 0 only when
 * every scenario passed, 1 when one failed, 2 when there was nothing to run.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { junitReport } from './junit'
import { runInWorkers } from './run-workers'
import { runScenarioFiles, type ScenarioResult } from './scenario-runner'
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
}

function workerCount(files: number, requested: number | undefined): number {
  return Math.max(1, Math.min(requested ?? 1, files))
}

const useColor = () => process.stdout.isTTY === true && process.env.NO_COLOR === undefined
const paint = (code: number, text: string) =>
  useColor() ? `\u001b[${code}m${text}\u001b[0m` : text

/** `✓ name (12 ms)`, or `✗ name (12 ms)` and the failure indented under it. */
export function formatResult(result: ScenarioResult): string {
  const mark = result.isPassed ? paint(32, '✓') : paint(31, '✗')
  const line = `${mark} ${result.name} (${result.durationMs} ms)`
  if (result.isPassed) return line
  return [line, ...(result.failure ?? []).map((detail) => `    ${detail}`)].join('\n')
}

/** `N passed, N failed`. */
export function summaryLine(results: readonly ScenarioResult[]): string {
  const failed = results.filter((result) => !result.isPassed).length
  return `${results.length - failed} passed, ${failed} failed`
}

/** Prints results in the order of the files, each as soon as it and those before it are done. */
function orderedPrinter(count: number): (result: ScenarioResult, index: number) => void {
  const done: (ScenarioResult | undefined)[] = new Array(count)
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
  const runOptions = {
    ...(options.jobs === undefined ? {} : { concurrency: options.jobs }),
    onResult: orderedPrinter(files.length),
  }
  const workers = workerCount(files.length, options.workers)
  const entry = process.argv[1]
  const results =
    workers > 1 && entry !== undefined
      ? await runInWorkers(entry, files, { ...runOptions, workers })
      : await runScenarioFiles(files, runOptions)
  if (options.junit !== undefined) {
    writeOutput(options.junit, junitReport(results, { durationMs: performance.now() - started }))
  }
  if (options.trace !== undefined) writeOutput(options.trace, traceJsonLines(results))
  process.stdout.write(`${summaryLine(results)}\n`)
  return results.every((result) => result.isPassed) ? 0 : 1
}

/** `switchboard run`: the exit status (with `--watch`, it runs until interrupted). */
export async function runCommand(
  inputs: readonly string[],
  options: RunCommandOptions,
): Promise<number> {
  const found = findScenarioFiles(inputs)
  for (const problem of found.problems) process.stderr.write(`switchboard run: ${problem}\n`)
  if (found.files.length === 0) {
    process.stderr.write('switchboard run: no scenario files to run\n')
    return 2
  }
  if (options.watch) return watchScenarios(inputs, options)
  const status = await runOnce(found.files, options)
  return found.problems.length > 0 ? Math.max(status, 1) : status
}
