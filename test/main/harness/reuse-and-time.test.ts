import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadShippedConfig } from '../../../src-main/harness/scenario-config'
import { loadScenarioRuns, ScenarioError } from '../../../src-main/harness/scenario-file'
import { parseShard, planRuns } from '../../../src-main/harness/scenario-plan'
import { runScenarioFiles } from '../../../src-main/harness/scenario-runner'
import { FIXTURES, scenario, writeScenario } from './harness-kit'

const shipped = loadShippedConfig()

async function runText(text: string, options = {}) {
  return runScenarioFiles([writeScenario(text)], options)
}

function problemOf(file: string): string {
  try {
    loadScenarioRuns(file, shipped)
  } catch (error) {
    if (error instanceof ScenarioError) return error.message
    throw error
  }
  throw new Error('the scenario was accepted')
}

const IDLE = `  applications:
    - name: ChatServer
      inactivity-control: { enabled: true, timeout-alert: 60, timeout-close: 30 }`

describe('time anchors', () => {
  it('wait until and expect at a time from the scenario start', async () => {
    const [result] = await runText(
      scenario(
        'anchors',
        `  - customer: { start: { firstName: Ann } }
  - agent: { accept: true }
  - wait: 10s
  - customer: { say: Hi }
  - wait: { until: 1m }
  - expect: { idle: { phase: alert, deadline: 10s } }
  - expect:
      at: 70s
      customer: { last: { partyType: EXTERNAL, at: 70 } }
  - expect: { at: 100s, state: closed }`,
        IDLE,
      ),
    )

    expect(result?.failure).toBeUndefined()
    expect(result?.virtualMs).toBe(100_000)
  })

  it('fail an anchor already passed, naming both times', async () => {
    const [result] = await runText(scenario('late', `  - wait: 2m\n  - wait: { until: 1m }`))

    expect(result?.failure?.[0]).toBe(
      'step 2 (wait, line 4): wait.until 1m: the scenario is already at T+2m',
    )
  })
})

describe('repeat and include', () => {
  it('unroll repeats and read included step files, each step labelled where it is written', async () => {
    const file = writeScenario(
      scenario(
        'reuse',
        `  - include: greet.yaml
  - repeat:
      times: 3
      steps:
        - customer: { say: ping }
        - wait: 10s
  - expect:
      agent: { count: 5 }
  - expect: { state: queued }`,
      ),
    )
    writeFileSync(
      join(dirname(file), 'greet.yaml'),
      '# shared steps\n- customer: { start: { firstName: Ann } }\n- agent: { accept: true }\n',
    )

    const [loaded] = loadScenarioRuns(file, shipped)
    expect(loaded?.steps.map((planned) => planned.where)).toEqual([
      'greet.yaml line 2',
      'greet.yaml line 3',
      'line 7, repeat 1/3',
      'line 8, repeat 1/3',
      'line 7, repeat 2/3',
      'line 8, repeat 2/3',
      'line 7, repeat 3/3',
      'line 8, repeat 3/3',
      'line 9',
      'line 11',
    ])
    const [result] = await runScenarioFiles([file])
    expect(result?.failure?.[0]).toBe(
      'step 10 (expect, line 11): expect.state: expected "queued", got "active"',
    )
    expect(result?.virtualMs).toBe(30_000)
  })

  it('name the included file and its line when a shared step is wrong', () => {
    const file = writeScenario(scenario('bad include', '  - include: shared.yaml'))
    writeFileSync(join(dirname(file), 'shared.yaml'), 'steps:\n  - wait: 1s\n  - custmer: {}\n')

    expect(problemOf(file)).toMatch(
      /^Invalid scenario in \S+shared\.yaml \(included by scenario\.yaml\): step 2: custmer: unknown key \(did you mean customer\?\) \(at line 3, column 5\)$/m,
    )
  })

  it('refuse a file that includes itself, or one that is missing', () => {
    const itself = writeScenario(scenario('loop', '  - include: scenario.yaml'))
    const missing = writeScenario(scenario('missing', '  - include: nowhere.yaml'))

    expect(problemOf(itself)).toContain(
      'step 1: include: includes itself: scenario.yaml (at line 3',
    )
    expect(problemOf(missing)).toContain(
      'step 1: include: cannot include nowhere.yaml: file not found',
    )
  })
})

describe('parameter matrices', () => {
  const text = `name: Idle alert in \${language}
matrix:
  - { language: fr-FR, alert: 60 }
  - { language: de-DE, alert: 90 }
config:
  applications:
    - name: ChatServer
      inactivity-control: { enabled: true, timeout-alert: '\${alert}' }
steps:
  - customer: { start: { firstName: Ann, userData: { GCTI_LanguageCode: '\${language}' } } }
  - agent: { accept: true }
  - wait: \${alert}s
  - expect:
      language: \${language}
      idle: { phase: close, timeout-alert: '\${alert}' }
`

  it('run once per row, the row substituted, each run named after it', async () => {
    const results = await runText(text)

    expect(results.map((result) => result.name)).toEqual([
      'Idle alert in fr-FR',
      'Idle alert in de-DE',
    ])
    expect(results.map((result) => result.failure)).toEqual([undefined, undefined])
    expect(results.map((result) => result.virtualMs)).toEqual([60_000, 90_000])
  })

  it('name runs by their row when the name has no placeholder', () => {
    const file = writeScenario(text.replace('name: Idle alert in ${language}', 'name: Idle'))

    expect(loadScenarioRuns(file, shipped).map((run) => run.name)).toEqual([
      'Idle [language=fr-FR, alert=60]',
      'Idle [language=de-DE, alert=90]',
    ])
  })

  it('refuse a placeholder no row defines', () => {
    const file = writeScenario(
      text.replace("GCTI_LanguageCode: '${language}'", "GCTI_LanguageCode: '${lang}'"),
    )

    expect(problemOf(file)).toContain(
      'uses ${lang}, which a matrix row does not define (at line 2)',
    )
  })
})

describe('choosing runs', () => {
  const fiveFiles = () =>
    ['a', 'b', 'c', 'd', 'e'].map((name) =>
      writeScenario(scenario(`scenario ${name}`, '  - wait: 1s'), `${name}.yaml`),
    )

  it('--grep keeps the scenarios whose name matches', () => {
    const runs = planRuns(fiveFiles(), shipped, { grep: /scenario [bd]/ })

    expect(runs.map((run) => run.name)).toEqual(['scenario b', 'scenario d'])
  })

  it('--shard splits the suite into disjoint parts that together cover it, the same every time', () => {
    const files = fiveFiles()
    const parts = [1, 2, 3].map((index) =>
      planRuns(files, shipped, { shard: { index, total: 3 } }).map((run) => run.name),
    )

    expect(parts).toEqual([
      ['scenario a', 'scenario d'],
      ['scenario b', 'scenario e'],
      ['scenario c'],
    ])
    expect(() => parseShard('4/3')).toThrow('expected a shard as i/n with 1 <= i <= n')
    expect(() => parseShard('0/2')).toThrow()
  })
})

describe('limits', () => {
  it('--bail skips the scenarios not started once one failed', async () => {
    const failing = writeScenario(scenario('fails', '  - expect: { strategyErrors: 1 }'), 'f.yaml')
    const passing = writeScenario(scenario('passes', '  - wait: 1s'), 'p.yaml')

    const results = await runScenarioFiles([failing, passing], { bail: true, concurrency: 1 })

    expect(results.map((result) => [result.name, result.isPassed, result.isSkipped])).toEqual([
      ['fails', false, undefined],
      ['passes', false, true],
    ])
  })

  it('a scenario stepTimeout fails a step that does not settle in that real time', async () => {
    const text = `name: stuck
stepTimeout: 200ms
config:
  strategies: { gms_builtin: ${join(FIXTURES, 'waits-forever.ts')} }
steps:
  - customer: { start: { firstName: Ann } }
`
    const started = performance.now()
    const [result] = await runText(text)

    expect(result?.failure?.[0]).toContain('did not settle: still waiting for a strategy')
    expect(performance.now() - started).toBeLessThan(5_000)
  })

  it('a scenario over its wallTime fails, saying how long it took', async () => {
    const [result] = await runText(
      `name: slow\nwallTime: 1ms\nsteps:\n  - customer: { start: { firstName: Ann } }\n  - wait: 1h\n`,
    )

    expect(result?.failure?.[0]).toMatch(
      /^step 1 \(customer, line 4\): the scenario took \d+ ms of real time, over its wallTime of 1ms$/,
    )
  })
})
