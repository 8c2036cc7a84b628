/**
 * Reads a scenario file: YAML with line numbers, the scenario schema, and the configuration its
 * `config` overrides make. Every problem names the file, the key and its line, one per line:
 * `Invalid scenario in FILE: steps[2].customer.say: must be text (at line 9, column 7)`.
 */
import { isAbsolute, relative } from 'node:path'
import { ConfigError, type ConfigProblem } from '../config/config-error'
import { issuesFromZod } from '../config/config-issues'
import type { SwitchboardConfig } from '../config/switchboard-config'
import { problemsAt, readYamlSource } from '../config/yaml-source'
import { scenarioConfig, type ShippedConfig } from './scenario-config'
import { scenarioSchema, type ScenarioFileData } from './scenario-schema'

/** A valid scenario, ready to run. */
export interface LoadedScenario {
  /** Absolute path of the file. */
  file: string
  name: string
  data: ScenarioFileData
  config: SwitchboardConfig
  /** 1-based line of each step, for reports. */
  stepLines: (number | undefined)[]
}

/** A scenario file that cannot run: unreadable, not YAML, or against the schema. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError'
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
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
    /^steps\[(\d+)\](\.)?/,
    (_, index: string, dot?: string) => `step ${Number(index) + 1}${dot ? ': ' : ''}`,
  )
}

/** One line per problem, as `ConfigError` does for configuration files. */
export function formatScenarioProblems(path: string, problems: readonly ConfigProblem[]): string {
  const file = displayPath(path)
  const lines = problems.slice(0, MAX_LISTED_PROBLEMS).map((problem) => {
    const key = problem.path === '' ? '' : `${stepNumbered(problem.path)}: `
    const column = problem.column === undefined ? '' : `, column ${problem.column}`
    const at = problem.line === undefined ? '' : ` (at line ${problem.line}${column})`
    return `Invalid scenario in ${file}: ${key}${problem.message}${at}`
  })
  const hidden = problems.length - MAX_LISTED_PROBLEMS
  if (hidden > 0) lines.push(`Invalid scenario in ${file}: ${hidden} more problem(s)`)
  return lines.join('\n')
}

/**
 * Loads and checks `file` (an absolute path).
 *
 * @throws ScenarioError naming every problem found
 */
export function loadScenarioFile(file: string, shipped: ShippedConfig): LoadedScenario {
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
  const configured = scenarioConfig(parsed.data.config, source, shipped)
  if (!configured.ok) throw new ScenarioError(file, configured.problems, nameWritten)
  return {
    file,
    name: parsed.data.name,
    data: parsed.data,
    config: configured.config,
    stepLines: parsed.data.steps.map((_, index) => source.locate(['steps', index])?.line),
  }
}
