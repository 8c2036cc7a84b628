import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const ROOT = join(__dirname, '..', '..')
const FIXTURES = join(ROOT, 'test', 'fixtures', 'summary-reporter')

/** Runs vitest over some of the fixture files; resolves with its exit code and last line. */
async function vitestOver(pattern: string): Promise<{ code: number; lastLine: string }> {
  const args = [
    join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    '--config',
    join(FIXTURES, 'vitest.config.ts'),
  ]
  const env = { ...process.env, SUMMARY_FIXTURES: pattern, CI: '1' }
  let code = 0
  let stdout: string
  try {
    ;({ stdout } = await run(process.execPath, args, { cwd: FIXTURES, env }))
  } catch (error) {
    const failed = error as { code: number; stdout: string }
    code = failed.code
    stdout = failed.stdout
  }
  return { code, lastLine: stdout.trim().split('\n').at(-1)! }
}

describe("the summary reporter's last line", () => {
  it('counts a file whose set-up failed as failed, beside its skipped tests', async () => {
    const result = await vitestOver('{passes,set-up-fails}.check.ts')
    expect(result.code).toBe(1)
    expect(result.lastLine).toBe('1 passed, 1 failed, 2 skipped')
  })

  it('counts a file that cannot load as failed', async () => {
    const result = await vitestOver('{passes,load-fails}.check.ts')
    expect(result.code).toBe(1)
    expect(result.lastLine).toBe('1 passed, 1 failed')
  })

  it('says 0 failed only when vitest exits 0', async () => {
    const result = await vitestOver('passes.check.ts')
    expect(result.code).toBe(0)
    expect(result.lastLine).toBe('1 passed, 0 failed')
  })
})
