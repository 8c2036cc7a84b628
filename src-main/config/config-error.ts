/** Key path of a value in a configuration file: map keys and list indexes, outermost first. */
export type ConfigPath = readonly (string | number)[]

/** One thing wrong with a configuration file. */
export interface ConfigProblem {
  /** Key path as a user reads it, e.g. `applications[0].inactivity-control.timeout-alert`. */
  path: string
  /** What is wrong, e.g. `must be a whole number from 1 to 86400 (got 0)`. */
  message: string
  /** 1-based position of the key (or of the nearest enclosing one) in the file, when known. */
  line?: number
  column?: number
}

/** At most this many problems are spelled out; a long list hides the first one. */
const MAX_LISTED_PROBLEMS = 10

/**
 * An invalid configuration: start-up stops with this message, which names the file, the key and
 * what is wrong (README.md, "Data directory and configuration"). One line per problem, each one
 * complete on its own: `Invalid configuration in FILE: KEY: PROBLEM (at line L, column C)`.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'

  constructor(
    /** The file at fault, as given or resolved. */
    readonly file: string,
    /** Every problem found, in file order where known; at least one. */
    readonly problems: readonly ConfigProblem[],
  ) {
    super(formatConfigProblems(file, problems))
  }
}

/** Renders problems as `ConfigError` does, one line each. */
export function formatConfigProblems(file: string, problems: readonly ConfigProblem[]): string {
  const lines = problems
    .slice(0, MAX_LISTED_PROBLEMS)
    .map((problem) => formatConfigProblem(file, problem))
  const hidden = problems.length - MAX_LISTED_PROBLEMS
  if (hidden > 0) lines.push(`Invalid configuration in ${file}: ${hidden} more problem(s)`)
  return lines.join('\n')
}

function formatConfigProblem(file: string, problem: ConfigProblem): string {
  const key = problem.path === '' ? '' : `${problem.path}: `
  const at =
    problem.line === undefined
      ? ''
      : ` (at line ${problem.line}${problem.column === undefined ? '' : `, column ${problem.column}`})`
  return `Invalid configuration in ${file}: ${key}${problem.message}${at}`
}

/** `['applications', 0, 'name']` → `applications[0].name`; odd keys are quoted: `a["b c"]`. */
export function formatConfigPath(path: ConfigPath): string {
  let text = ''
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`
    else if (/^[A-Za-z0-9_-]+$/.test(step)) text += text === '' ? step : `.${step}`
    else text += `[${JSON.stringify(step)}]`
  }
  return text
}
