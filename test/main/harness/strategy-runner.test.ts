import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runScenarioFiles } from '../../../src-main/harness/scenario-runner'
import { FIXTURES, scenario, writeScenario } from './harness-kit'

/** `strategies: { gms_builtin: FIXTURE }` plus any further config lines. */
function withStrategy(fixture: string, more = ''): string {
  return `  strategies: { gms_builtin: ${join(FIXTURES, fixture)} }${more ? `\n${more}` : ''}`
}

async function run(text: string, settleTimeoutMs?: number) {
  const [result] = await runScenarioFiles([writeScenario(text)], {
    ...(settleTimeoutMs ? { settleTimeoutMs } : {}),
  })
  if (!result) throw new Error('no result')
  return result
}

describe('strategies', () => {
  it('run for each new chat at their endpoint, with its user data, through ESP', async () => {
    const steps = `  - customer: { start: { firstName: Ann, data: { Plan: gold } } }
  - expect:
      customer:
        last: { type: Message.Text, partyType: EXTERNAL, text: "Hello Ann (1, ChatServer, gold)" }`
    const result = await run(scenario('greets', steps, withStrategy('sleepy-greeter.ts')))

    expect(result.failure).toBeUndefined()
  })

  it('wake from a clock sleep in order with the idle timers, their requests settled first', async () => {
    // The strategy's message at 30 s is activity: the alert due at 40 s moves to 70 s.
    const idle = `  applications:
    - name: ChatServer
      inactivity-control: { enabled: true, timeout-alert: 40 }`
    const steps = `  - customer: { start: { firstName: Ann } }
  - agent: { accept: true }
  - wait: 45s
  - expect:
      idle: { phase: alert, deadline: 25s }
      customer:
        last: { text: Thirty seconds later, at: 30 }
        excludes: [{ text: { contains: closed soon } }]`
    const result = await run(scenario('sleeps', steps, withStrategy('sleepy-greeter.ts', idle)))

    expect(result.failure).toBeUndefined()
  })

  // Lines are checked against the built CLI (run-command.test.ts): vitest installs its own
  // source-map handling, which hides tsx's mapping of a strategy's stack to its source lines.
  it('that throw are reported with file and session, and the chat goes on', async () => {
    const steps = `  - customer: { start: { firstName: Ann } }
  - expect:
      strategyErrors:
        - { strategy: throws.ts, sessionId: S000000000000001, message: "TypeError: the strategy broke on purpose" }
  - agent: { accept: true }
  - agent: { say: Hello }
  - expect:
      customer:
        contains: [{ text: before the failure }, { text: Hello }]`
    const result = await run(scenario('throws', steps, withStrategy('throws.ts')))

    expect(result.failure).toBeUndefined()
  })

  it('fail the step during which they threw when no expectation accounts for it', async () => {
    const steps = `  - customer: { start: { firstName: Ann } }
  - agent: { accept: true }`
    const result = await run(scenario('unexpected', steps, withStrategy('throws.ts')))

    expect(result.isPassed).toBe(false)
    expect(result.failure?.[0]).toContain('step 1 (customer')
    expect(result.failure?.[0]).toMatch(/fixtures\/throws\.ts:\d+:\d+: /)
    expect(result.failure?.[0]).toContain('strategy failed on session S000000000000001')
  })

  it('report an ESP fault they did not expect, in their own file', async () => {
    const steps = `  - customer: { start: { firstName: Ann } }`
    const result = await run(scenario('fault', steps, withStrategy('faulty-request.ts')))

    expect(result.failure?.[0]).toMatch(/fixtures\/faulty-request\.ts:\d+:\d+: /)
    expect(result.failure?.[0]).toContain('fault invalid-parameter (Visibility)')
  })

  it('may be ES modules with a named export', async () => {
    const steps = `  - customer: { start: { firstName: Ann } }
  - expect:
      customer:
        last: { text: from an ES module }`
    const result = await run(scenario('esm', steps, withStrategy('named-export.mts')))

    expect(result.failure).toBeUndefined()
  })

  // Every shape Node can load: a CommonJS strategy used to be refused as "exports no function".
  it.each([
    ['cjs-function.js', 'from module.exports = function'],
    ['cjs-object.cjs', 'from module.exports = { greet }'],
    ['esm-default.mjs', 'from export default'],
    ['named-export.mts', 'from an ES module'],
  ])('load from %s', async (fixture, text) => {
    const steps = `  - customer: { start: { firstName: Ann } }
  - expect:
      customer:
        last: { text: "${text}" }`
    const result = await run(scenario('shape', steps, withStrategy(fixture)))

    expect(result.failure).toBeUndefined()
  })

  it('that export no function fail the scenario, naming the module', async () => {
    const steps = `  - customer: { start: { firstName: Ann } }`
    const result = await run(scenario('no function', steps, withStrategy('no-function.ts')))

    expect(result.isPassed).toBe(false)
    expect(result.failure?.join('\n')).toContain('no-function.ts: exports no strategy function')
  })

  it('that cannot be loaded fail their scenario by its name, without Switchboard stack frames', async () => {
    // Written at test time: a fixture that does not compile would break the typecheck.
    const file = writeScenario(
      scenario(
        'broken strategy',
        `  - customer: { start: { firstName: Ann } }`,
        '  strategies: { gms_builtin: ./syntax-error.ts }',
      ),
    )
    writeFileSync(
      join(dirname(file), 'syntax-error.ts'),
      "export default async () => { await f('x'\n",
    )
    const [result] = await runScenarioFiles([file])

    expect(result?.name).toBe('broken strategy')
    expect(result?.failure?.[0]).toMatch(/syntax-error\.ts: cannot be loaded: .*Error/)
    expect(result?.failure?.join('\n')).not.toMatch(/\n\s+at |src-main|out\/main|node_modules/)
  })

  it('that await anything but the clock or ESP make the step fail as stuck', async () => {
    const steps = `  - customer: { start: { firstName: Ann } }`
    const result = await run(scenario('stuck', steps, withStrategy('waits-forever.ts')), 300)

    expect(result.failure?.[0]).toContain('did not settle: still waiting for a strategy')
  })
})
