/**
 * A scenario's steps as they run: each checked against the step schema, `include` files read in
 * their place and `repeat` blocks unrolled, every step labelled with where it is written, so a
 * failure names the file and line to edit (docs/harness.md, "Reuse").
 */
import { dirname, resolve } from 'node:path'
import {
  ConfigError,
  formatConfigPath,
  type ConfigPath,
  type ConfigProblem,
} from '../config/config-error'
import { issuesFromZod } from '../config/config-issues'
import { problemsAt, readYamlSource, type YamlSource } from '../config/yaml-source'
import { substitute, type MatrixRow } from './scenario-matrix'
import { stepSchema, type Step } from './scenario-schema'

/** A problem, in the scenario file or in a file it includes. */
export interface ScenarioProblem extends ConfigProblem {
  /** The included file it is in; absent: the scenario file itself. */
  includedFile?: string
}

/** A step ready to run, and where it is written. */
export interface PlannedStep {
  step: Step
  /** `line 8`, `login.yaml line 3`, `line 12, repeat 2/3`. */
  where: string
}

/** A scenario may not unroll into more steps than this (a `repeat` inside a `repeat` ...). */
const MAX_STEPS = 10_000
/** Includes nest at most this deep (a file including itself is caught earlier). */
const MAX_INCLUDE_DEPTH = 8

interface Frame {
  source: YamlSource
  /** Key path of the step list in `source`. */
  prefix: ConfigPath
  /** Absolute path; `undefined` for the scenario file itself. */
  includedFile: string | undefined
  /** Shown before the line for included files: `login.yaml `. */
  fileLabel: string
  /** `, repeat 2/3` for unrolled repeats. */
  suffix: string
  /** Files being included, to refuse a cycle. */
  including: readonly string[]
  /** False on a repeat's later rounds: their problems were reported on the first. */
  reportsProblems: boolean
}

/** Expands includes and repeats; problems are collected rather than thrown. */
export class StepPlanner {
  readonly steps: PlannedStep[] = []
  readonly problems: ScenarioProblem[] = []
  /** Every file included, for `--watch`. */
  readonly includedFiles = new Set<string>()

  constructor(private readonly row: MatrixRow) {}

  /** Plans the steps of the scenario file itself. */
  planScenario(source: YamlSource, steps: readonly unknown[]): void {
    this.plan(steps, {
      source,
      prefix: ['steps'],
      includedFile: undefined,
      fileLabel: '',
      suffix: '',
      including: [resolve(source.file)],
      reportsProblems: true,
    })
  }

  private report(frame: Frame, problems: readonly ConfigProblem[]): void {
    if (!frame.reportsProblems) return
    for (const problem of problems) {
      this.problems.push(
        frame.includedFile === undefined
          ? problem
          : { ...problem, includedFile: frame.includedFile },
      )
    }
  }

  private plan(steps: readonly unknown[], frame: Frame): void {
    for (const [index, raw] of steps.entries()) {
      if (this.steps.length > MAX_STEPS) {
        const message = `expands to more than ${MAX_STEPS} steps; lower a repeat's times`
        this.report(frame, [{ path: '', message }])
        return
      }
      const path = [...frame.prefix, index]
      const parsed = stepSchema.safeParse(raw)
      if (!parsed.success) {
        const issues = issuesFromZod(stepSchema, parsed.error).map((issue) => ({
          ...issue,
          path: [...path, ...issue.path],
        }))
        this.report(frame, problemsAt(frame.source, issues))
        continue
      }
      const step = parsed.data
      if (step.include !== undefined) this.include(step.include, path, frame)
      else if (step.repeat) this.repeat(step.repeat, path, frame)
      else {
        const line = frame.source.locate(path)?.line
        const where = `${frame.fileLabel}${line === undefined ? '' : `line ${line}`}${frame.suffix}`
        this.steps.push({ step, where })
      }
    }
  }

  private repeat(repeat: NonNullable<Step['repeat']>, path: ConfigPath, frame: Frame): void {
    for (let round = 1; round <= repeat.times; round++) {
      this.plan(repeat.steps, {
        ...frame,
        prefix: [...path, 'repeat', 'steps'],
        suffix: `${frame.suffix}, repeat ${round}/${repeat.times}`,
        reportsProblems: frame.reportsProblems && round === 1,
      })
    }
  }

  private include(name: string, path: ConfigPath, frame: Frame): void {
    const file = resolve(dirname(frame.source.file), name)
    const at = frame.source.locate([...path, 'include'])
    const where = at ? { line: at.line, column: at.column } : {}
    const refuse = (message: string) =>
      this.report(frame, [{ path: formatConfigPath([...path, 'include']), message, ...where }])
    if (frame.including.includes(file)) return refuse(`includes itself: ${name}`)
    if (frame.including.length > MAX_INCLUDE_DEPTH) return refuse('includes nest too deep')
    let source: YamlSource
    try {
      source = readYamlSource(file)
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      const reason = error.problems.map((problem) => problem.message).join('; ')
      return refuse(`cannot include ${name}: ${reason}`)
    }
    this.includedFiles.add(file)
    const data = substitute(source.data, this.row)
    const listed = Array.isArray(data) ? data : (data as { steps?: unknown } | null)?.steps
    if (!Array.isArray(listed)) {
      return refuse(`cannot include ${name}: it must be a list of steps, or { steps: [...] }`)
    }
    this.plan(listed, {
      source,
      prefix: Array.isArray(data) ? [] : ['steps'],
      includedFile: file,
      fileLabel: `${name} `,
      suffix: frame.suffix,
      including: [...frame.including, file],
      reportsProblems: frame.reportsProblems,
    })
  }
}
