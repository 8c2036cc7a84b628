/**
 * JUnit XML for CI (`switchboard run --junit OUT.xml`): one `testcase` per scenario, its failure
 * text as the `failure` element, in the shape Jenkins, GitLab and GitHub reporters read.
 */
import { relative } from 'node:path'
import { traceLines } from './report'
import type { ScenarioResult } from './scenario-runner'
import { SCENARIO_EPOCH } from './scenario-world'

/** XML 1.0 forbids most control characters even escaped: they are dropped. */
function isXmlCharacter(character: string): boolean {
  const code = character.codePointAt(0) ?? 0
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d
  return code !== 0xfffe && code !== 0xffff
}

/** Escapes text for an attribute or element content. */
export function escapeXml(text: string): string {
  return [...text]
    .filter(isXmlCharacter)
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

const seconds = (milliseconds: number) => (milliseconds / 1000).toFixed(3)

/** The strategies' trace, as CI shows a test's output (`system-out`). */
function systemOut(result: ScenarioResult): string[] {
  const lines = traceLines(result.trace ?? [], SCENARIO_EPOCH)
  if (lines.length === 0) return []
  return [`      <system-out>${escapeXml(lines.join('\n'))}</system-out>`]
}

function testCase(result: ScenarioResult, cwd: string): string {
  const file = relative(cwd, result.file)
  const head = `    <testcase name="${escapeXml(result.name)}" classname="${escapeXml(file)}" file="${escapeXml(file)}" time="${seconds(result.durationMs)}"`
  const output = systemOut(result)
  if (result.isPassed && output.length === 0) return `${head} />`
  const [message = 'failed', ...rest] = result.failure ?? []
  const body = escapeXml([message, ...rest].join('\n'))
  return [
    `${head}>`,
    ...(result.isPassed
      ? []
      : [
          `      <failure message="${escapeXml(message)}" type="ScenarioFailure">${body}</failure>`,
        ]),
    ...output,
    '    </testcase>',
  ].join('\n')
}

/** The report of one run. */
export function junitReport(
  results: readonly ScenarioResult[],
  options: { durationMs: number; timestamp?: Date; cwd?: string },
): string {
  const failures = results.filter((result) => !result.isPassed).length
  const counts = `tests="${results.length}" failures="${failures}" errors="0" skipped="0" time="${seconds(options.durationMs)}"`
  const timestamp = (options.timestamp ?? new Date()).toISOString().replace(/\.\d{3}Z$/, '')
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="switchboard run" ${counts}>`,
    `  <testsuite name="switchboard scenarios" ${counts} timestamp="${timestamp}">`,
    ...results.map((result) => testCase(result, options.cwd ?? process.cwd())),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}
