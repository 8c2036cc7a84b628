/**
 * Figures in the format of docs/benchmarks.md: one line each on stdout, and all of them in
 * bench-results.json at the project root.
 */
import { writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'

export interface Measure {
  name: string
  value: number
  unit: string
}

export interface Figure extends Measure {
  baseline: Measure | null
  /** value / baseline.value; null without a baseline. */
  ratio: number | null
  target: { op: '<=' | '>='; value: number } | null
  pass: boolean | null
}

/** A figure compared with its baseline (ratio target) or alone (absolute target, or none). */
export function figure(
  measure: Measure,
  baseline: Measure | null,
  target: Figure['target'],
): Figure {
  const ratio = baseline ? round(measure.value / baseline.value) : null
  const compared = ratio ?? measure.value
  const pass = target
    ? target.op === '<='
      ? compared <= target.value
      : compared >= target.value
    : null
  return { ...measure, value: round(measure.value), baseline, ratio, target, pass }
}

export function round(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return value
  const digits = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(value))))
  return Number(value.toFixed(Math.min(digits, 6)))
}

export function formatFigure(f: Figure): string {
  const baseline = f.baseline
    ? `baseline ${f.baseline.name} ${round(f.baseline.value)} ${f.baseline.unit}`
    : 'baseline none'
  const ratio = f.ratio === null ? 'ratio -' : `ratio ${f.ratio}`
  const target = f.target ? `target ${f.target.op} ${f.target.value}` : 'target report'
  const verdict = f.pass === null ? 'REPORT' : f.pass ? 'PASS' : 'MISS'
  return `${f.name}: ${f.value} ${f.unit} | ${baseline} | ${ratio} | ${target} | ${verdict}`
}

export function writeResults(figures: Figure[], root: string): string {
  const path = join(root, 'bench-results.json')
  const results = {
    machine: { cpus: cpus().length, node: process.version },
    when: new Date().toISOString(),
    figures,
  }
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`)
  return path
}

/** The p-th percentile (0–100) of samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}
