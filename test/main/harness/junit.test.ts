import { describe, expect, it } from 'vitest'
import { escapeXml, junitReport } from '../../../src-main/harness/junit'
import type { ScenarioResult } from '../../../src-main/harness/scenario-runner'

const result = (overrides: Partial<ScenarioResult>): ScenarioResult => ({
  name: 'A scenario',
  file: '/project/resources/scenarios/a.yaml',
  isPassed: true,
  durationMs: 12,
  virtualMs: 60_000,
  strategyFiles: [],
  ...overrides,
})

describe('JUnit report', () => {
  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0001\t`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;\t',
    )
  })

  it('has one testcase per scenario, failures with their text', () => {
    const xml = junitReport(
      [
        result({}),
        result({ name: 'Fails', isPassed: false, failure: ['step 2: expected "x"', 'details'] }),
      ],
      { durationMs: 1500, timestamp: new Date('2026-01-01T09:00:00Z'), cwd: '/project' },
    )

    expect(xml).toContain(
      '<testsuites name="switchboard run" tests="2" failures="1" errors="0" skipped="0" time="1.500">',
    )
    expect(xml).toContain(
      '<testcase name="A scenario" classname="resources/scenarios/a.yaml" file="resources/scenarios/a.yaml" time="0.012" />',
    )
    expect(xml).toContain(
      '<failure message="step 2: expected &quot;x&quot;" type="ScenarioFailure">step 2: expected &quot;x&quot;\ndetails</failure>',
    )
    expect(xml).toContain('timestamp="2026-01-01T09:00:00"')
  })
})
