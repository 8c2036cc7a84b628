import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runScenarioFiles } from '../../../src-main/harness/scenario-runner'
import { traceLine } from '../../../src-main/harness/strategy-trace'
import { FIXTURES, scenario, writeScenario } from './harness-kit'

const ECHO = `  strategies: { gms_builtin: ${join(FIXTURES, 'echo-bot.ts')} }`

async function run(steps: string) {
  const [result] = await runScenarioFiles([writeScenario(scenario('echo', steps, ECHO))])
  if (!result) throw new Error('no result')
  return result
}

describe('the strategy event feed', () => {
  it('lets a strategy answer what the customer writes, turn by turn', async () => {
    const result = await run(`  - customer: { start: { firstName: Ann } }
  - customer: { typing: true }
  - customer: { say: Hi }
  - wait: 5s
  - customer: { say: "Where is my parcel?" }
  - expect:
      customer:
        contains:
          - { text: "Hello Ann, say something" }
          - { nickname: Ann, text: Hi }
          - { text: "You said: Hi (typing 1 time(s))" }
          - { text: "You said: Where is my parcel? (typing 1 time(s))", at: 5 }`)

    expect(result.failure).toBeUndefined()
  })

  it('wakes a strategy waiting with a timeout on the virtual clock, in order with the rest', async () => {
    const result = await run(`  - customer: { start: { firstName: Ann } }
  - wait: 59s
  - expect:
      customer: { excludes: [{ text: Still there? }] }
  - wait: 1s
  - expect:
      customer: { last: { text: Still there?, at: 60 } }
  - wait: 60s
  - expect:
      customer: { count: 5, last: { text: Still there?, at: 120 } }`)

    expect(result.failure).toBeUndefined()
    expect(result.virtualMs).toBe(120_000)
  })

  it('calls on() handlers for idle alerts, and reports a handler that throws as the strategy failing', async () => {
    const config = `  strategies: { gms_builtin: ${join(FIXTURES, 'alert-listener.ts')} }
  applications:
    - name: ChatServer
      inactivity-control: { enabled: true, timeout-alert: 60, timeout-close: 30 }`
    const steps = `  - customer: { start: { firstName: Ann } }
  - agent: { accept: true }
  - expect: { at: 61s, agent: { last: { visibility: INT, nickname: system, text: Heard the alert at 60s } } }
  - customer: { typing: true }
  - expect:
      strategyErrors: [{ strategy: alert-listener.ts, message: "TypeError: typing handler broke on purpose" }]`
    const [result] = await runScenarioFiles([writeScenario(scenario('alerts', steps, config))])

    expect(result?.failure).toBeUndefined()
  })

  it('traces the requests, answers, log lines and events of a strategy', async () => {
    const result = await run(`  - customer: { start: { firstName: Ann } }
  - customer: { say: bye }
  - customer: { leave: true }`)

    expect(result.failure).toBeUndefined()
    const lines = (result.trace ?? []).map(traceLine)
    expect(lines).toEqual([
      'event #1 joined Ann (CLIENT)',
      '→ Message {"MessageText":"Hello Ann, say something"}',
      'event #2 joined system (EXTERNAL)',
      'event #3 message ALL system (EXTERNAL): Hello Ann, say something',
      '← Message: Event3rdServerResponse',
      'event #4 message ALL Ann (CLIENT): bye',
      'log: heard bye {"at":0}',
      'event #5 left Ann (CLIENT) code 0',
      'event #6 left system (EXTERNAL) code 5',
      'event #7 closed (customer-left)',
      'log: closed: customer-left',
    ])
  })

  it('shows the trace under a failing scenario', async () => {
    const result = await run(`  - customer: { start: { firstName: Ann } }
  - customer: { say: Hi }
  - expect:
      customer: { last: { text: "You said: Hello" } }`)

    const report = result.failure?.join('\n') ?? ''
    expect(report).toContain('strategy trace:')
    expect(report).toMatch(/0s +S000000000000001 echo-bot\.ts log: heard Hi \{"at":0\}/)
    expect(report).toContain(
      'echo-bot.ts → Message {"MessageText":"You said: Hi (typing 0 time(s))"}',
    )
  })
})
