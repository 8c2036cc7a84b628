/**
 * Which runs a `switchboard run` makes, before any starts: each file loaded (one run per row of
 * its matrix), then `--grep` keeps the runs whose name matches and `--shard i/n` keeps every
 * n-th of them from the i-th on. The order is the files' order, so every CI job that loads the
 * same files makes the same split (docs/harness.md, "Running in CI").
 */
import { resolve } from 'node:path'
import type { ShippedConfig } from './scenario-config'
import { displayPath, loadScenarioRuns, ScenarioError, type LoadedScenario } from './scenario-file'

/** One run: a loaded scenario, or why its file cannot run (reported as a failure). */
export interface PlannedRun {
  file: string
  /** Its row in the file's matrix (0 without one). */
  rowIndex: number
  name: string
  scenario?: LoadedScenario
  error?: unknown
}

/** `--shard 2/3`: the second of three parts. */
export interface Shard {
  /** 1-based. */
  index: number
  total: number
}

/** What narrows the runs down. */
export interface PlanOptions {
  /** Keep runs whose name matches. */
  grep?: RegExp
  shard?: Shard
}

/** `2/3` as a shard; throws a usage message otherwise. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text)
  const index = Number(match?.[1])
  const total = Number(match?.[2])
  if (!match || total < 1 || index < 1 || index > total) {
    throw new Error(
      `expected a shard as i/n with 1 <= i <= n, such as 1/3 (got ${JSON.stringify(text)})`,
    )
  }
  return { index, total }
}

function runsOfFile(file: string, shipped: ShippedConfig): PlannedRun[] {
  try {
    return loadScenarioRuns(file, shipped).map((scenario, rowIndex) => ({
      file,
      rowIndex,
      name: scenario.name,
      scenario,
    }))
  } catch (error) {
    const name =
      (error instanceof ScenarioError ? error.scenarioName : undefined) ?? displayPath(file)
    return [{ file, rowIndex: 0, name, error }]
  }
}

/** The runs of `files`, in order, narrowed by `options`. */
export function planRuns(
  files: readonly string[],
  shipped: ShippedConfig,
  options: PlanOptions = {},
): PlannedRun[] {
  const all = files.flatMap((file) => runsOfFile(resolve(file), shipped))
  const { grep, shard } = options
  const matching = grep ? all.filter((run) => grep.test(run.name)) : all
  if (!shard) return matching
  return matching.filter((_, position) => position % shard.total === shard.index - 1)
}

/** Which run, by file and matrix row: what the main thread hands a worker thread. */
export interface RunReference {
  file: string
  rowIndex: number
}

/** The runs `references` name, each file loaded once (in a worker thread). */
export function runsOf(references: readonly RunReference[], shipped: ShippedConfig): PlannedRun[] {
  const byFile = new Map<string, PlannedRun[]>()
  return references.map(({ file, rowIndex }) => {
    let runs = byFile.get(file)
    if (!runs) {
      runs = runsOfFile(file, shipped)
      byFile.set(file, runs)
    }
    return runs[rowIndex] ?? runs[0] ?? { file, rowIndex, name: file, error: 'no such run' }
  })
}
