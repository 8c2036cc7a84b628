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

  it("puts the strategies' trace in system-out, for passing scenarios too", () => {
    const trace = [
      {
        kind: 'request' as const,
        method: 'Message',
        parameters: { MessageText: '<Hi>' },
        time: Date.UTC(2026, 0, 1, 9, 0, 30),
        sessionId: 'S000000000000001',
        strategy: '/project/strategies/greeting.ts',
      },
    ]
    const xml = junitReport([result({ trace })], { durationMs: 1, cwd: '/project' })

    expect(xml).toContain(
      '<system-out>strategy trace:\n  30s    S000000000000001 greeting.ts → Message {&quot;MessageText&quot;:&quot;&lt;Hi&gt;&quot;}</system-out>',
    )
  })
})
