/**
 * harness.scenarios.rate: scenarios per second, for 100 scenarios that each cover 30 virtual
 * minutes of idle control (alerts, resets by the customer, a final close with code 7) with a
 * customer polling GMS throughout, run by the built `switchboard run` as a user runs them (its
 * own process, worker threads, start-up included; `npm run build` first). Also
 * harness.scenario.30min: one such scenario alone, the time a developer waits for it.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { runScenarioFiles } from '../src-main/harness/scenario-runner'
import { figure, type Figure } from './report'

const CLI = join(__dirname, '..', 'bin', 'switchboard.js')
const BUILT_CLI = join(__dirname, '..', 'out', 'main', 'cli.js')

export interface HarnessRateOptions {
  /** Scenarios in the parallel run; 100 in the spec. */
  scenarios?: number
  /** `--jobs`: scenarios running at once per thread; default the CLI's. */
  jobs?: number
  /** `--workers`: threads; default the CLI's (one per core). */
  workers?: number
}

/** Seven rounds of "alerts, then the customer answers" (28 minutes), then silence until the
 * close 5 minutes later. */
function scenarioText(index: number): string {
  const rounds = Array.from({ length: 7 }, (_, round) =>
    [
      '  - wait: 4m',
      '  - expect: { idle: { phase: close } }',
      `  - customer: { say: "Still here (${round + 1})" }`,
      '  - expect: { idle: { phase: alert, deadline: 60s } }',
    ].join('\n'),
  ).join('\n')
  return `name: "30 idle minutes #${index}"
config:
  applications:
    - name: ChatServer
      inactivity-control: { enabled: true, timeout-alert: 60, timeout-alert2: 30, timeout-close: 200 }
steps:
  - customer: { start: { firstName: Ann } }
  - agent: { accept: true }
${rounds}
  - wait: 5m
  - expect:
      state: closed
      closeReason: idle
      agent:
        contains: [{ type: party-left, nickname: Ann, reasonCode: 7 }]
`
}

function writeScenarios(dir: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const file = join(dir, `idle-${String(index).padStart(3, '0')}.yaml`)
    writeFileSync(file, scenarioText(index))
    return file
  })
}

/** One scenario in this process, after a warm-up: what a developer waits for. */
async function timeSingle(file: string): Promise<number> {
  await runScenarioFiles([file])
  const started = performance.now()
  const [result] = await runScenarioFiles([file])
  if (!result?.isPassed) throw new Error(`bench scenario failed:\n${result?.failure?.join('\n')}`)
  return performance.now() - started
}

/** The whole folder through the built CLI, wall-clock. */
async function timeCli(dir: string, count: number, options: HarnessRateOptions): Promise<number> {
  if (!existsSync(BUILT_CLI)) throw new Error('harness bench: run `npm run build` first')
  const args = [CLI, 'run', dir]
  if (options.jobs !== undefined) args.push('--jobs', String(options.jobs))
  if (options.workers !== undefined) args.push('--workers', String(options.workers))
  const started = performance.now()
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 26 })
  const elapsed = performance.now() - started
  const summary = stdout.trimEnd().split('\n').at(-1)
  if (summary !== `${count} passed, 0 failed`) throw new Error(`harness bench: ${summary}`)
  return elapsed
}

export async function benchHarnessRate(options: HarnessRateOptions = {}): Promise<Figure[]> {
  const count = options.scenarios ?? 100
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-harness-'))
  try {
    const files = writeScenarios(dir, count)
    const single = await timeSingle(files[0] ?? '')
    const elapsed = await timeCli(dir, count, options)
    return [
      figure(
        { name: 'harness.scenarios.rate', value: count / (elapsed / 1000), unit: 'scenarios/s' },
        null,
        null,
      ),
      figure({ name: 'harness.scenario.30min', value: single, unit: 'ms' }, null, {
        op: '<=',
        value: 1000,
      }),
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
