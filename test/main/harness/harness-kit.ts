/**
 * Scenario files written to a fresh temporary folder per test, and the strategy fixtures.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'

/** Strategy modules the tests attach (test/main/harness/fixtures). */
export const FIXTURES = join(__dirname, 'fixtures')

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/** Writes `text` as a scenario file in this test's folder and returns its path. */
export function writeScenario(text: string, name = 'scenario.yaml'): string {
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-harness-'))
  folders.push(folder)
  const file = join(folder, name)
  writeFileSync(file, text)
  return file
}

/** A scenario text: `name`, an optional config block and steps, as YAML lines. */
export function scenario(name: string, steps: string, config = ''): string {
  const configBlock = config === '' ? '' : `config:\n${config}\n`
  return `name: ${name}\n${configBlock}steps:\n${steps}\n`
}
