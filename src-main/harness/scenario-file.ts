/**
 * Reads a scenario file: YAML with line numbers, the scenario schema, its steps (includes and
 * repeats expanded, scenario-steps.ts), one run per row of its parameter matrix, and the
 * configuration its `config` overrides make. Every problem names the file, the step (counted
 * from 1, as run reports do), the key and its line, one per line:
 * `Invalid scenario in FILE: step 3: customer.say: must be text (at line 9, column 7)`.
 */
import { basename, isAbsolute, relative } from 'node:path'
import { ConfigError } from '../config/config-error'
import { issuesFromZod } from '../config/config-issues'
import type { SwitchboardConfig } from '../config/switchboard-config'
import { problemsAt, readYamlSource, type YamlSource } from '../config/yaml-source'
import { parseDuration } from './durations'
import { placeholdersIn, rowName, substitute, type MatrixRow } from './scenario-matrix'
import { scenarioConfig, type ShippedConfig } from './scenario-config'
import { scenarioSchema, type ScenarioFileData } from './scenario-schema'
import { StepPlanner, type PlannedStep, type ScenarioProblem } from './scenario-steps'

/** A valid scenario run (one row of its matrix), ready to run. */
export interface LoadedScenario {
  /** Absolute path of the file. */
  file: string
  /** Its name; with a matrix, the row's (`Greets [language=fr-FR]`). */
  name: string
  data: ScenarioFileData
  config: SwitchboardConfig
  /** The steps to run in order, includes and repeats expanded, each with where it is written. */
  steps: PlannedStep[]
  /** The matrix row of this run; empty without a matrix. */
  row: MatrixRow
  /** Files its steps include (`--watch` reruns when one changes). */
  includedFiles: string[]
  /** Real ms a step may take to settle, when the file sets it. */
  stepTimeoutMs?: number
  /** Real ms the whole scenario may take, when the file sets it. */
  wallTimeMs?: number
}

/** A scenario file that cannot run: unreadable, not YAML, or against the schema. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError'
  constructor(
    readonly file: string,
    readonly problems: readonly ScenarioProblem[],
    /** The file's `name`, when it could be read: reports label the scenario by it. */
    readonly scenarioName?: string,
  ) {
    super(formatScenarioProblems(file, problems))
  }
}

const MAX_LISTED_PROBLEMS = 10

/** A path as the reader typed it: relative to the current folder when inside it. */
export function displayPath(path: string): string {
  const shown = relative(process.cwd(), path)
  return shown.startsWith('..') || isAbsolute(shown) ? path : shown
}

/**
 * `steps[1].agent.acept` as `step 2: agent.acept`: steps count from 1 in every message, as in
 * the run's own reports (`step 2 (agent, line 6): ...`).
 */
export function stepNumbered(path: string): string {
  return path.replace(
    /^(?:steps)?\[(\d+)\](\.)?/,
    (_, index: string, dot?: string) => `step ${Number(index) + 1}${dot ? ': ' : ''}`,
  )
}

/** One line per problem, as `ConfigError` does for configuration files. */
export function formatScenarioProblems(path: string, problems: readonly ScenarioProblem[]): string {
  const file = displayPath(path)
  const lines = problems.slice(0, MAX_LISTED_PROBLEMS).map((problem) => {
    const key = problem.path === '' ? '' : `${stepNumbered(problem.path)}: `
    const column = problem.column === undefined ? '' : `, column ${problem.column}`
    const at = problem.line === undefined ? '' : ` (at line ${problem.line}${column})`
    const where =
      problem.includedFile === undefined
        ? file
        : `${displayPath(problem.includedFile)} (included by ${basename(path)})`
    return `Invalid scenario in ${where}: ${key}${problem.message}${at}`
  })
  const hidden = problems.length - MAX_LISTED_PROBLEMS
  if (hidden > 0) lines.push(`Invalid scenario in ${file}: ${hidden} more problem(s)`)
  return lines.join('\n')
}

/** Placeholders the rows do not define: each is a mistake the run would not show. */
function undefinedPlaceholders(data: ScenarioFileData, rows: readonly MatrixRow[]): string[] {
  const used = placeholdersIn([data.name, data.config ?? {}, data.steps])
  return [...used].filter((key) => rows.some((row) => !(key in row)))
}

function loadRun(
  file: string,
  source: YamlSource,
  data: ScenarioFileData,
  row: MatrixRow,
  shipped: ShippedConfig,
): LoadedScenario {
  const planner = new StepPlanner(row)
  planner.planScenario(source, substitute(data.steps, row) as unknown[])
  if (planner.problems.length > 0) throw new ScenarioError(file, planner.problems, data.name)
  const configured = scenarioConfig(substitute(data.config, row), source, shipped)
  if (!configured.ok) throw new ScenarioError(file, configured.problems, data.name)
  const stepTimeoutMs = data.stepTimeout === undefined ? undefined : parseDuration(data.stepTimeout)
  const wallTimeMs = data.wallTime === undefined ? undefined : parseDuration(data.wallTime)
  return {
    file,
    name: Object.keys(row).length === 0 ? data.name : rowName(data.name, row),
    data,
    config: configured.config,
    steps: planner.steps,
    row,
    includedFiles: [...planner.includedFiles],
    ...(stepTimeoutMs === undefined ? {} : { stepTimeoutMs }),
    ...(wallTimeMs === undefined ? {} : { wallTimeMs }),
  }
}

/**
 * Loads and checks `file` (an absolute path): one run per row of its matrix, or one.
 *
 * @throws ScenarioError naming every problem found
 */
export function loadScenarioRuns(file: string, shipped: ShippedConfig): LoadedScenario[] {
  let source
  try {
    source = readYamlSource(file)
  } catch (error) {
    if (error instanceof ConfigError) throw new ScenarioError(file, error.problems)
    throw error
  }
  const written = (source.data as { name?: unknown } | null)?.name
  const nameWritten = typeof written === 'string' && written !== '' ? written : undefined
  const parsed = scenarioSchema.safeParse(source.data ?? {})
  if (!parsed.success) {
    const problems = problemsAt(source, issuesFromZod(scenarioSchema, parsed.error))
    throw new ScenarioError(file, problems, nameWritten)
  }
  const rows = parsed.data.matrix ?? [{}]
  const missing = undefinedPlaceholders(parsed.data, rows)
  if (missing.length > 0) {
    const line = source.locate(['matrix'])?.line
    const message = `uses ${missing.map((key) => `\${${key}}`).join(', ')}, which ${parsed.data.matrix ? 'a matrix row does not define' : 'no matrix defines'}`
    throw new ScenarioError(file, [{ path: '', message, ...(line ? { line } : {}) }], nameWritten)
  }
  return rows.map((row) => loadRun(file, source, parsed.data, row, shipped))
}

/** The first run of `file` (all of them, without a matrix). */
export function loadScenarioFile(file: string, shipped: ShippedConfig): LoadedScenario {
  const [first] = loadScenarioRuns(file, shipped)
  if (!first) throw new ScenarioError(file, [{ path: 'matrix', message: 'must list a row' }])
  return first
}
