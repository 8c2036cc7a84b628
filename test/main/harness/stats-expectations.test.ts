import { describe, expect, it } from 'vitest'
import { runScenarioFiles } from '../../../src-main/harness/scenario-runner'
import { scenario, writeScenario } from './harness-kit'

async function run(steps: string) {
  const [result] = await runScenarioFiles([writeScenario(scenario('stats', steps))])
  if (!result) throw new Error('no result')
  return result
}

/** Ann waits 40 s and is answered; Bob gives up after 20 s without an agent. */
const ANSWERED_AND_ABANDONED = `  - customer: { id: ann, start: { firstName: Ann } }
  - customer: { id: bob, start: { firstName: Bob } }
  - wait: 20s
  - customer: { id: bob, leave: true }
  - wait: 20s
  - agent: { accept: ann }`

describe('expect: { stats } in a scenario', () => {
  it('passes when the dashboard figures are the ones the scenario produced', async () => {
    const result = await run(`${ANSWERED_AND_ABANDONED}
  - expect:
      stats: { offered: 2, answered: 1, abandoned: 1, active: 1, queued: 0, averageWaitSeconds: 40 }`)

    expect(result.failure).toBeUndefined()
  })

  it('fails, naming the figure, when a strategy change makes customers give up', async () => {
    const result = await run(`${ANSWERED_AND_ABANDONED}
  - expect:
      stats: { abandoned: 0 }`)

    expect(result.failure?.[0]).toContain('expect.stats.abandoned: expected 0, got 1')
  })

  it('refuses a stats expectation that names no figure, before anything runs', async () => {
    const result = await run(`  - expect:
      stats: { window: today }`)

    expect(result.failure?.join('\n')).toMatch(/stats.*checks nothing/)
  })
})
