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

    expect(loaded.steps.map((planned) => planned.where)).toEqual(['line 7', 'line 8'])
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
      /^Invalid scenario in \S+scenario\.yaml: step 2: expcet: unknown key \(did you mean expect\?\) \(at line 4, column 5\)$/,
    )
  })

  it('refuse a step that does two things at once', () => {
    const [problem] = problems(scenario('two', '  - customer: { say: Hi, typing: true }'))

    expect(problem).toContain(
      'step 1: customer: a customer step does one thing at a time (got say and typing); split it into steps (at line 3',
    )
  })

  it('refuse durations and matchers they cannot read', () => {
    const text = scenario('bad', '  - wait: 5 minutes\n  - expect: { idle: { phase: waiting } }')
    const found = problems(text)

    expect(found[0]).toContain('step 1: wait: must be a duration such as 90s')
    expect(found[1]).toContain('step 2: expect.idle.phase')
  })

  // Each of these used to pass whatever the roles saw.
  it.each([
    ['expect: {}', 'step 2: expect: an expect step checks nothing'],
    ['expect: { session: ann }', 'step 2: expect: an expect step checks nothing'],
    ['expect: { customer: {} }', 'step 2: expect.customer: checks nothing: give one of last'],
    ['expect: { agent: { as: agent2 } }', 'step 2: expect.agent: checks nothing'],
    [
      'expect: { customer: { contains: [{}] } }',
      'step 2: expect.customer.contains[0]: matches any item: name at least one of type, nickname',
    ],
    [
      'expect: { customer: { excludes: [] } }',
      'step 2: expect.customer.excludes: an empty excludes list checks nothing',
    ],
    [
      'expect: { customer: { last: { txt: Hi } } }',
      'step 2: expect.customer.last.txt: unknown key (did you mean text?)',
    ],
    [
      'expect: { agent: { excludes: [{ visibilty: INT }] } }',
      'step 2: expect.agent.excludes[0].visibilty: unknown key (did you mean visibility?)',
    ],
    [
      'expect: { customer: [{ visibility: INT }] }',
      'step 2: expect.customer.events[0].visibility: unknown key (allowed here: type, nickname, text, partyType, at)',
    ],
    [
      'expect: { timeline: { last: { knd: alert } } }',
      'step 2: expect.timeline.last.knd: unknown key (did you mean kind?)',
    ],
    [
      'expect: { strategyErrors: [{ mesage: x }] }',
      'step 2: expect.strategyErrors.events[0].mesage: unknown key (did you mean message?)',
    ],
    ['expect: { customer: { as: agent2, count: 1 } }', 'step 2: expect.customer.as: unknown key'],
    [
      'expect: { customer: { last: { text: { contain: Hi } } } }',
      'step 2: expect.customer.last.text: must be a value, { contains: TEXT } or { regex: PATTERN }',
    ],
    [
      'expect: { customer: { last: { text: { regex: "(" } } } }',
      'step 2: expect.customer.last.text.regex: must be a regular expression',
    ],
    ['expect: { idle: {} }', 'step 2: expect.idle: an empty idle expectation checks nothing'],
    ['expect: { userData: {} }', 'step 2: expect.userData: an empty userData checks nothing'],
  ])(
    'refuse an expectation that checks nothing or names a field no item has: %s',
    (step, message) => {
      const found = problems(
        scenario('strict', `  - customer: { start: { firstName: Ann } }\n  - ${step}`),
      )

      expect(found[0]).toContain(message)
    },
  )

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
