import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { loadShippedConfig } from '../../../src-main/harness/scenario-config'
import { loadScenarioFile } from '../../../src-main/harness/scenario-file'
import { runScenarioFiles } from '../../../src-main/harness/scenario-runner'
import { ScenarioWorld } from '../../../src-main/harness/scenario-world'
import { runStep } from '../../../src-main/harness/steps'
import { StrategyLoader } from '../../../src-main/harness/strategy-loader'
import { FIXTURES, scenario, writeScenario } from './harness-kit'

const config = (strategy: string) => ({
  strategies: { gms_builtin: join(FIXTURES, strategy) },
  users: [
    { id: 'agent1', name: 'Alex Agent', role: 'agent' },
    { id: 'supervisor1', name: 'Sam Supervisor', role: 'supervisor' },
    { id: 'supervisor2', name: 'Kim Supervisor', role: 'supervisor' },
  ],
  applications: [
    {
      name: 'ChatServer',
      'inactivity-control': { enabled: true, 'timeout-alert': 60, 'timeout-close': 30 },
    },
  ],
})

/** A live session, driven through GMS and the console API, recorded as a scenario. */
async function recordLiveSession(as = 'supervisor1'): Promise<string> {
  const steps = `  - customer: { start: { firstName: Ann, lastName: Lee, subject: Billing, data: { Plan: gold } } }
  - wait: 5s
  - customer: { typing: true }
  - customer: { say: My invoice is wrong }
  - agent: { accept: true }
  - agent: { say: Let me check }
  - agent: { note: "Gold customer, be quick" }
  - supervisor: { join: coach }
  - supervisor: { say: Offer a refund }
  - supervisor: { id: supervisor2, join: monitor }
  - supervisor: { id: supervisor2, say: Watching this one }
  - wait: 1m30s
  - agent: { pushUrl: 'https://example.com/refund' }
  - customer: { say: Thanks }
  - agent: { close: true }`
  const file = writeScenario(
    scenario('live', steps, stringify({ config: config('echo-bot.ts') }).replace(/^config:\n/, '')),
  )
  const world = await ScenarioWorld.start(loadScenarioFile(file, loadShippedConfig()), {
    loader: new StrategyLoader(),
  })
  try {
    for (const { step } of world.scenario.steps) {
      await runStep(world, step)
      await world.advance(0)
    }
    // Through the console API, as its "Save as scenario" does.
    const sessionId = world.sessionId()
    const { yaml } = await world.consoles.expect(as, 'recordScenario', { sessionId })
    return yaml
  } finally {
    await world.close()
  }
}

/** The recording with a strategy attached, as a user edits it before replaying. */
function withStrategy(recorded: string, strategy: string): string {
  const document = parse(recorded) as Record<string, unknown>
  return stringify({ ...document, config: config(strategy) })
}

describe('record and replay', () => {
  it('records the actions at their times and what each role saw, and the replay sees the same', async () => {
    const recorded = await recordLiveSession()

    const steps = (parse(recorded) as { steps: Record<string, unknown>[] }).steps
    expect(steps.slice(0, 6)).toEqual([
      {
        customer: {
          start: {
            firstName: 'Ann',
            lastName: 'Lee',
            subject: 'Billing',
            userData: { GCTI_LanguageCode: 'en-US', Plan: 'gold' },
          },
        },
      },
      { wait: { until: '5s' } },
      { customer: { typing: true } },
      { customer: { say: 'My invoice is wrong' } },
      { agent: { id: 'agent1', accept: true } },
      { agent: { id: 'agent1', say: 'Let me check' } },
    ])
    expect(steps).toContainEqual({ agent: { id: 'agent1', note: 'Gold customer, be quick' } })
    expect(steps).toContainEqual({ supervisor: { id: 'supervisor1', join: 'coach' } })
    expect(steps).toContainEqual({ agent: { id: 'agent1', close: true } })
    // The strategy's answers and the idle alert are not steps: the replay must produce them.
    expect(recorded).not.toMatch(/say: "?You said/)

    const [replay] = await runScenarioFiles([writeScenario(withStrategy(recorded, 'echo-bot.ts'))])
    expect(replay?.failure).toBeUndefined()
  })

  it("records from an agent's view without anything VIP, and that replays too", async () => {
    const recorded = await recordLiveSession('agent1')

    expect(recorded).not.toContain('Watching this one')
    expect(recorded).not.toContain('supervisor2')
    expect(recorded).toContain('Offer a refund')
    const [replay] = await runScenarioFiles([writeScenario(withStrategy(recorded, 'echo-bot.ts'))])
    expect(replay?.failure).toBeUndefined()
  })

  it('shows what changed when the recording is replayed against another strategy', async () => {
    const recorded = await recordLiveSession()

    const [replay] = await runScenarioFiles([
      writeScenario(withStrategy(recorded, 'sleepy-greeter.ts')),
    ])

    expect(replay?.isPassed).toBe(false)
    const report = replay?.failure?.join('\n') ?? ''
    expect(report).toMatch(/expect\.customer\.events: \d+ expected, \d+ seen/)
    expect(report).toMatch(
      /✗ +\d+ expected \{type: "Message\.Text", nickname: "system", text: "Hello Ann, say something"/,
    )
  })
})
