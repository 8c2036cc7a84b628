/**
 * `switchboard run` as CI runs it: the built CLI (`npm run build` first) in a child process,
 * on the shipped example scenarios and on deliberately failing fixtures.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/server-process'

const ROOT = join(__dirname, '..', '..', '..')
const FAILING = 'test/fixtures/scenarios'
const output = mkdtempSync(join(tmpdir(), 'switchboard-run-'))
afterAll(() => rmSync(output, { recursive: true, force: true }))

function switchboardRun(args: string[]) {
  return runCli(['run', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
  })
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1)

describe('switchboard run', () => {
  it('passes every shipped example scenario and exits 0', async () => {
    const examples = readdirSync(join(ROOT, 'resources', 'scenarios')).filter((name) =>
      name.endsWith('.yaml'),
    )
    const files = examples.map((name) => `resources/scenarios/${name}`)

    const result = await switchboardRun(files)

    // One line per run: a matrix scenario runs once per row.
    const runs = result.stdout.match(/^[✓✗] /gm) ?? []
    expect(runs.length).toBeGreaterThan(files.length)
    expect(result.stdout).not.toMatch(/^✗ /m)
    expect(lastLine(result.stdout)).toBe(`${runs.length} passed, 0 failed`)
    expect(result.code).toBe(0)
  })

  it('passes over shared step files (*.steps.yaml) when running a folder', async () => {
    const result = await switchboardRun(['resources/scenarios/'])

    expect(result.stdout).not.toContain('customer-and-agent')
    expect(result.stdout).toMatch(/^✓ Matrix: the idle alert in fr-FR after 90s/m)
    expect(result.code).toBe(0)
  })

  it('exits 1 on a failing scenario, with expected, actual and the three views', async () => {
    const result = await switchboardRun([`${FAILING}/failing-expectation.yaml`])

    expect(result.code).toBe(1)
    expect(result.stdout).toContain('✗ Deliberately failing: the agent greets differently')
    expect(result.stdout).toContain(
      'step 4 (expect, line 8): expect.customer.last: text: expected "Hello Ann, how can I help?", got "Hi Ann, what can I do for you?"',
    )
    expect(result.stdout).toMatch(/expected \{type: "Message.Text", nickname: "Alex Agent"/)
    expect(result.stdout).toMatch(/actual {3}\{type: "Message.Text", nickname: "Alex Agent"/)
    expect(result.stdout).toContain('customer sees (GMS):')
    expect(result.stdout).toContain('agent agent1 sees (console):')
    expect(result.stdout).toContain('supervisor supervisor1 sees (console):')
    expect(lastLine(result.stdout)).toBe('0 passed, 1 failed')
  })

  it('names the file, key and line of an invalid scenario', async () => {
    const result = await switchboardRun([`${FAILING}/invalid-step.yaml`])

    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/^✗ Deliberately invalid: a misspelt step key \(\d+ ms\)$/m)
    expect(result.stdout).toContain(
      `Invalid scenario in ${FAILING}/invalid-step.yaml: step 2: agent.acept: unknown key (did you mean accept?) (at line 6, column 7)`,
    )
  })

  it('reports a throwing strategy with its file and source line', async () => {
    const result = await switchboardRun([`${FAILING}/strategy-throws.yaml`])

    const source = readFileSync(join(ROOT, 'test/main/harness/fixtures/throws.ts'), 'utf8')
    const line = source.split('\n').findIndex((text) => text.includes('throw new TypeError')) + 1
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      `test/main/harness/fixtures/throws.ts:${line}:9: strategy failed on session S000000000000001 (gms_builtin): TypeError: the strategy broke on purpose`,
    )
  })

  it('writes a JUnit report with one testcase per scenario', async () => {
    const junit = join(output, 'reports', 'junit.xml')
    const result = await switchboardRun([
      'resources/scenarios/esp-notice.yaml',
      `${FAILING}/failing-expectation.yaml`,
      '--junit',
      junit,
    ])

    const xml = readFileSync(junit, 'utf8')
    expect(result.code).toBe(1)
    expect(xml).toContain('<testsuites name="switchboard run" tests="2" failures="1"')
    expect(xml).toMatch(
      /<testcase name="ESP Notice: [^"]*" classname="resources\/scenarios\/esp-notice.yaml"/,
    )
    expect(xml).toContain(
      '<failure message="step 4 (expect, line 8): expect.customer.last: text: expected &quot;Hello Ann',
    )
  })

  it("writes the strategies' trace as JSON Lines with --trace, for a passing run too", async () => {
    const trace = join(output, 'trace.jsonl')
    const result = await switchboardRun([
      'resources/scenarios/strategy-greeting.yaml',
      '--trace',
      trace,
    ])

    expect(result.code).toBe(0)
    const records = readFileSync(trace, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(records[0]).toEqual({
      scenario: 'Strategy: greets the customer by name',
      file: 'resources/scenarios/strategy-greeting.yaml',
      at: 0,
      kind: 'event',
      event: expect.objectContaining({ type: 'joined', eventId: 1 }),
      time: Date.UTC(2026, 0, 1, 9),
      sessionId: 'S000000000000001',
      strategy: 'resources/strategies/greeting.ts',
    })
    expect(records).toContainEqual(
      expect.objectContaining({
        kind: 'request',
        method: 'Message',
        parameters: { MessageText: 'Hello Ann, thank you for contacting us.' },
      }),
    )
    expect(records).toContainEqual(
      expect.objectContaining({
        kind: 'answer',
        sessionId: 'S000000000000002',
        answer: expect.objectContaining({ event: 'Event3rdServerResponse' }),
      }),
    )
  })

  it('prints results in the order given when spread over worker threads', async () => {
    const files = [
      'resources/scenarios/ttl-expiry.yaml',
      'resources/scenarios/esp-notice.yaml',
      'resources/scenarios/strategy-greeting.yaml',
    ]

    const result = await switchboardRun([...files, '--workers', '2'])

    const names = result.stdout.match(/^✓ [^(]+/gm)?.map((line) => line.trim())
    expect(names).toEqual([
      '✓ TTL expiry closes a chat still queued, with code 5',
      '✓ ESP Notice: pushed URLs and custom notices, with their faults',
      '✓ Strategy: greets the customer by name',
    ])
    expect(lastLine(result.stdout)).toBe('3 passed, 0 failed')
  })

  // A missing file used to exit 1 after running the rest when it came with others, 2 alone.
  it.each([
    [
      ['resources/scenarios/esp-notice.yaml', 'nowhere.yaml'],
      'no scenario file matches nowhere.yaml',
    ],
    [
      ['nowhere.yaml', 'resources/scenarios/esp-notice.yaml'],
      'no scenario file matches nowhere.yaml',
    ],
    [['resources/scenarios/esp-notice.yaml', '--nope'], "unknown option '--nope'"],
    [['resources/scenarios/esp-notice.yaml', '--shard', '3/2'], '--shard: expected a shard as i/n'],
    [
      ['resources/scenarios/esp-notice.yaml', '--grep', 'Nothing like it'],
      'no scenario name matches --grep Nothing like it',
    ],
    [
      ['resources/scenarios/esp-notice.yaml', '--step-timeout', 'soon'],
      '--step-timeout: expected a duration',
    ],
  ])('exits 2 on a usage error, running nothing: %j', async (args, message) => {
    const result = await switchboardRun(args)

    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(result.stdout).not.toContain('✓')
  })

  it('runs one shard of the suite with --shard, the matching scenarios with --grep', async () => {
    const result = await switchboardRun([
      'resources/scenarios/',
      '--grep',
      '^ESP',
      '--shard',
      '2/2',
    ])

    const names = result.stdout.match(/^✓ [^(]+/gm)?.map((line) => line.trim())
    expect(names).toEqual([
      '✓ ESP envelope: service, method, application and interaction faults',
      '✓ ESP Message: posts as an EXTERNAL party, with its faults',
    ])
    expect(lastLine(result.stdout)).toBe('2 passed, 0 failed')
    expect(result.code).toBe(0)
  })

  it('stops starting scenarios after the first failure with --bail', async () => {
    const result = await switchboardRun([
      `${FAILING}/failing-expectation.yaml`,
      'resources/scenarios/esp-notice.yaml',
      '--bail',
      '--jobs',
      '1',
    ])

    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /^- ESP Notice: .* \(skipped: an earlier scenario failed, --bail\)$/m,
    )
    expect(result.stdout).toContain('1 skipped after the first failure (--bail)')
    expect(lastLine(result.stdout)).toBe('0 passed, 1 failed')
  })

  it('exits 2 when there is nothing to run', async () => {
    const result = await switchboardRun(['test/fixtures/scenarios/none-*.yaml'])

    expect(result.code).toBe(2)
    expect(result.stderr).toContain('no scenario file matches test/fixtures/scenarios/none-*.yaml')
  })
})
