import { describe, expect, it } from 'vitest'
import { runScenarioFiles } from '../../../src-main/harness/scenario-runner'
import { scenario, writeScenario } from './harness-kit'

const IDLE = `  applications:
    - name: ChatServer
      inactivity-control: { enabled: true, timeout-alert: 60, timeout-alert2: 30, timeout-close: 20 }`

async function run(steps: string, config = '') {
  const [result] = await runScenarioFiles([writeScenario(scenario('test', steps, config))])
  if (!result) throw new Error('no result')
  return result
}

describe('running a scenario', () => {
  it('fires every timer due during a wait, in order, each settled before the next', async () => {
    const result = await run(
      `  - customer: { start: { firstName: Ann } }
  - agent: { accept: true }
  - wait: 10m
  - expect:
      state: closed
      closeReason: idle
      timeline:
        contains: [{ kind: alert, at: 60 }, { kind: alert2, at: 90 }, { kind: close, at: 110 }]
      supervisor:
        contains:
          - { noticeType: IDLE_CONTROL_ALERT, at: 60 }
          - { noticeType: IDLE_CONTROL_ALERT, at: 90 }
          - { noticeType: IDLE_CONTROL_CLOSE, at: 110 }
          - { type: party-left, nickname: Ann, reasonCode: 7, at: 110 }`,
      IDLE,
    )

    expect(result.failure).toBeUndefined()
    expect(result.virtualMs).toBe(600_000)
  })

  it('keeps its customer polling while it waits, so protocol inactivity never removes it', async () => {
    const result = await run(`  - customer: { start: { firstName: Ann } }
  - wait: 50m
  - expect:
      state: queued
      supervisor:
        excludes: [{ type: party-left }]`)

    expect(result.failure).toBeUndefined()
  })

  it('names customers, and steps and expectations address their sessions', async () => {
    const result = await run(`  - customer: { id: ann, start: { firstName: Ann } }
  - customer: { id: bob, start: { firstName: Bob } }
  - agent: { id: agent2, accept: ann }
  - customer: { id: ann, say: "Hello from Ann" }
  - expect:
      session: ann
      state: active
      agent:
        as: agent2
        last: { text: "Hello from Ann", nickname: Ann }
  - expect:
      session: bob
      state: queued
      customer:
        count: 1`)

    expect(result.failure).toBeUndefined()
  })

  it('passes a refused console action only with the expected error code', async () => {
    const passing = await run(`  - customer: { start: { firstName: Ann } }
  - agent: { id: agent1, accept: true }
  - agent: { id: agent2, accept: true, expectError: conflict }`)
    const failing = await run(`  - customer: { start: { firstName: Ann } }
  - agent: { id: agent1, accept: true, expectError: conflict }`)

    expect(passing.failure).toBeUndefined()
    expect(failing.failure?.[0]).toBe(
      'step 2 (agent, line 4): agent1: accept should be refused with conflict, but it succeeded',
    )
  })

  it('fails an esp step whose request is answered otherwise than expected', async () => {
    const result = await run(`  - customer: { start: { firstName: Ann } }
  - esp: { method: Message, parameters: { MessageText: Hi }, expectFault: invalid-parameter }`)

    expect(result.failure?.[0]).toBe(
      'step 2 (esp, line 4): esp Message: expected fault invalid-parameter',
    )
    expect(result.failure?.[1]).toMatch(
      /^answer \{"referenceId":1,"event":"Event3rdServerResponse"/,
    )
  })

  it('shows, on failure, the moment and each role view', async () => {
    const result = await run(
      `  - customer: { start: { firstName: Ann } }
  - agent: { accept: true }
  - agent: { note: "internal" }
  - wait: 61s
  - expect: { idle: { phase: close } }`,
      IDLE,
    )

    const text = result.failure?.join('\n') ?? ''
    expect(result.failure?.[0]).toBe(
      'step 5 (expect, line 11): expect.idle.phase: expected "close", got "alert2"',
    )
    expect(text).toContain('at T+1m1s · session S000000000000001 · active · idle alert2 due in 29s')
    expect(text).toMatch(/customer sees \(GMS\):\n {2}0s +Notice\.Joined +Ann \(CLIENT\)/)
    expect(text).toMatch(/agent agent1 sees \(console\):[^]*INT Alex Agent \(AGENT\): internal/)
    expect(text).toMatch(/supervisor supervisor1 sees \(console\):/)
    expect(text.split('customer sees')[1]?.split('agent agent1')[0]).not.toContain('internal')
  })
})

describe('customers who are gone', () => {
  // It used to poll once more after leaving, so what it "saw" depended on the poll's timing.
  it('see nothing more once they left', async () => {
    const result = await run(`  - customer: { start: { firstName: Ann } }
  - agent: { accept: true }
  - customer: { leave: true }
  - agent: { say: Are you still there? }
  - wait: 5m
  - expect:
      customer: { last: { type: Notice.Left, nickname: Ann } }
      agent: { last: { text: Are you still there? } }`)

    expect(result.failure).toBeUndefined()
  })

  it('stop polling when their service expires, and a failure report says so', async () => {
    const result = await run(`  - customer: { id: bob, start: { firstName: Bob, ttl: 120 } }
  - agent: { accept: bob }
  - wait: 10m
  - expect:
      agent: { last: { type: party-left, nickname: Bob, reasonCode: 3, at: 135 } }
  - customer: { id: bob, say: Hello? }`)

    expect(result.failure?.[0]).toBe(
      'step 5 (customer, line 8): customer bob is gone: GMS answered its poll with 404 (its service is gone: its time to live ended); a real client can no longer send',
    )
    expect(result.failure).toContain(
      'customer bob stopped polling at T+2m: GMS answered its poll with 404 (its service is gone: its time to live ended); the server removes it 45s after its last poll (party-left code 3)',
    )
  })
})
