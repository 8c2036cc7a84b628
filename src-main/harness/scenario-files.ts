/**
 * Which files `switchboard run` runs: each argument is a scenario file, a folder (every `.yaml`
 * and `.yml` under it but shared step files, `*.steps.yaml`) or a pattern with `*` in its last part (for shells that do not expand
 * them, and for quoted patterns in CI scripts).
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'

const SCENARIO_EXTENSION = /\.ya?ml$/i
/** Shared step files (`include:`) are named `*.steps.yaml`, so folder runs pass them over. */
const STEPS_FILE = /\.steps\.ya?ml$/i

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) return filesUnder(path)
      const isScenario = SCENARIO_EXTENSION.test(entry.name) && !STEPS_FILE.test(entry.name)
      return entry.isFile() && isScenario ? [path] : []
    })
}

function matchPattern(pattern: string): string[] {
  const folder = dirname(pattern)
  const source = basename(pattern)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  const matcher = new RegExp(`^${source}$`)
  if (!existsSync(folder)) return []
  return readdirSync(folder)
    .filter((name) => matcher.test(name) && !STEPS_FILE.test(name))
    .sort()
    .map((name) => join(folder, name))
}

/** The files to run, absolute and without repeats, and what could not be found. */
export function findScenarioFiles(inputs: readonly string[]): {
  files: string[]
  problems: string[]
} {
  const files = new Set<string>()
  const problems: string[] = []
  for (const input of inputs) {
    const path = resolve(input)
    let found: string[]
    if (basename(input).includes('*')) found = matchPattern(path)
    else if (existsSync(path) && statSync(path).isDirectory()) found = filesUnder(path)
    else found = existsSync(path) ? [path] : []
    if (found.length === 0) problems.push(`no scenario file matches ${input}`)
    for (const file of found) files.add(file)
  }
  return { files: [...files], problems }
}
