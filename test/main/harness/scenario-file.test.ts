import { describe, expect, it } from 'vitest'
import { loadShippedConfig } from '../../../src-main/harness/scenario-config'
import { loadScenarioFile, ScenarioError } from '../../../src-main/harness/scenario-file'
import { scenario, writeScenario } from './harness-kit'

const shipped = loadShippedConfig()

/** The problems of an invalid scenario file, as printed. */
function problems(text: string): string[] {
  const file = writeScenario(text)
  try {
    loadScenarioFile(file, shipped)
  } catch (error) {
    if (error instanceof ScenarioError) return error.message.split('\n')
    throw error
  }
  throw new Error('the scenario was accepted')
}

describe('scenario files', () => {
  it('load with the line of each step and the configuration their overrides make', () => {
    const file = writeScenario(
      scenario(
        'ok',
        '  - customer: { start: { firstName: Ann } }\n  - wait: 90s',
        '  applications:\n    - name: ChatServer\n      inactivity-control: { enabled: true }',
      ),
    )

    const loaded = loadScenarioFile(file, shipped)

    expect(loaded.stepLines).toEqual([7, 8])
    expect(loaded.config.applications[0]?.idleDefaults.enabled).toBe(true)
    expect(loaded.config.applications[0]?.languages.map((language) => language.code)).toContain(
      'fr-FR',
    )
  })

  it('name the key, the problem and the line, suggesting the key meant', () => {
    const [problem] = problems(
      scenario(
        'typo',
        '  - customer: { start: { firstName: Ann } }\n  - expcet: { state: queued }',
      ),
    )

    expect(problem).toMatch(
      /^Invalid scenario in \S+scenario\.yaml: steps\[1\]\.expcet: unknown key \(did you mean expect\?\) \(at line 4, column 5\)$/,
    )
  })

  it('refuse a step that does two things at once', () => {
    const [problem] = problems(scenario('two', '  - customer: { say: Hi, typing: true }'))

    expect(problem).toContain(
      'steps[0].customer: a customer step does one thing at a time (got say and typing); split it into steps (at line 3',
    )
  })

  it('refuse durations and matchers they cannot read', () => {
    const text = scenario('bad', '  - wait: 5 minutes\n  - expect: { idle: { phase: waiting } }')
    const found = problems(text)

    expect(found[0]).toContain('steps[0].wait: must be a duration such as 90s')
    expect(found[1]).toContain('steps[1].expect.idle.phase')
  })

  it('check their config overrides with the configuration schema, at the line in the scenario', () => {
    const config =
      '  applications:\n    - name: ChatServer\n      inactivity-control: { timeout-alert: 0 }'
    const [problem] = problems(scenario('config', '  - wait: 1s', config))

    expect(problem).toContain(
      'config.applications[0].inactivity-control.timeout-alert: must be a whole number from 1 to 86400 (got 0) (at line 5',
    )
  })

  it('refuse a strategy module that does not exist, relative to the scenario', () => {
    const [problem] = problems(
      scenario('missing', '  - wait: 1s', '  strategies: { gms_builtin: ./nowhere.ts }'),
    )

    expect(problem).toMatch(
      /config\.strategies\.gms_builtin: strategy module not found: \S+nowhere\.ts \(at line 3/,
    )
  })

  it('report YAML syntax errors with their position', () => {
    const [problem] = problems('name: broken\nsteps:\n  - wait: [1s\n')

    expect(problem).toMatch(/YAML syntax error: .* \(at line \d+, column \d+\)$/)
  })
})
