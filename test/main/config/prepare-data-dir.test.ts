/**
 * README.md "Data directory and configuration", docs/limits.md "Storage": a data directory that
 * cannot be used stops start-up with a message naming the path and the reason, and never spins
 * (Node's recursive mkdir loops for ever under /proc).
 */
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { DataDirError, prepareDataDir } from '../../../src-main/config/prepare-data-dir'
import { makeTempDir } from './config-test-files'

const run = promisify(execFile)
const isLinux = process.platform === 'linux'

function refusal(dataDir: string): DataDirError {
  try {
    prepareDataDir(dataDir)
  } catch (error) {
    if (error instanceof DataDirError) return error
    throw error
  }
  throw new Error(`${dataDir} was accepted`)
}

describe('prepareDataDir', () => {
  it('creates every missing level and leaves nothing else behind', () => {
    const dataDir = join(makeTempDir(), 'a', 'b', 'switchboard')
    prepareDataDir(dataDir)
    expect(existsSync(dataDir)).toBe(true)
    expect(execFileSync('ls', ['-A', dataDir]).toString()).toBe('')
  })

  it.runIf(isLinux)('refuses a folder under /proc at once, naming it', () => {
    const started = performance.now()
    const error = refusal('/proc/switchboard/data')
    expect(performance.now() - started).toBeLessThan(1000)
    expect(error.message).toBe(
      'The data directory /proc/switchboard/data cannot be used: ' +
        'it is under /proc or /sys, which cannot hold files',
    )
  })

  it('names a path that is a file, or runs through one', () => {
    const file = join(makeTempDir(), 'not-a-folder')
    writeFileSync(file, 'x')
    expect(refusal(file).message).toBe(
      `The data directory ${file} cannot be used: it is a file, not a folder`,
    )
    const below = join(file, 'data')
    expect(refusal(below).message).toContain(`The data directory ${below} cannot be used:`)
    expect(refusal(below).message).toContain('a part of the path is a file, not a folder (ENOTDIR)')
  })
})

/**
 * A read-only folder: a read-only tmpfs where we may mount (root, as in CI; root ignores file
 * modes), else a folder without write permission.
 */
function readOnlyFolder(): string | undefined {
  const dir = makeTempDir()
  if (process.getuid?.() !== 0) {
    execFileSync('chmod', ['555', dir])
    return dir
  }
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dir], { stdio: 'ignore' })
  } catch {
    return undefined
  }
  mounted.push(dir)
  return dir
}
const mounted: string[] = []
// Registered after config-test-files' clean-up, so it runs before it: unmount, then remove.
afterEach(() => {
  for (const dir of mounted.splice(0)) execFileSync('umount', [dir])
})

describe('a read-only data directory', () => {
  it.runIf(isLinux)(
    'is refused with its path and the reason, also when it must be created',
    (context) => {
      const dir = readOnlyFolder()
      if (dir === undefined) {
        context.skip('cannot mount a read-only tmpfs here (needs root and mount rights)')
        return
      }
      const reason =
        process.getuid?.() === 0 ? 'it is on a read-only file system (EROFS)' : 'permission denied'
      expect(refusal(dir).message).toBe(
        `The data directory ${dir} cannot be used: no file can be written in it: ${reason}`,
      )
      const inside = join(dir, 'switchboard')
      expect(refusal(inside).message).toContain(`the folder ${inside} cannot be created`)
    },
  )
})

describe('switchboard serve --data-dir under /proc', () => {
  it.runIf(isLinux)(
    'exits non-zero within 10 s with a message naming the path',
    async () => {
      const cli = resolve(__dirname, '../../../src-main/cli.ts')
      const args = ['--import', 'tsx', cli, 'serve', '--data-dir', '/proc/x']
      const ports = ['--gms-port', '0', '--esp-port', '0', '--console-port', '0']
      const started = performance.now()
      const failed = await run(process.execPath, [...args, ...ports], { timeout: 10_000 }).then(
        () => undefined,
        (error: { code: number | null; killed: boolean; stderr: string }) => error,
      )
      expect(failed).toBeDefined()
      expect(failed!.killed).toBe(false)
      expect(failed!.code).toBe(1)
      expect(failed!.stderr).toContain('The data directory /proc/x cannot be used')
      expect(performance.now() - started).toBeLessThan(10_000)
    },
    15_000,
  )
})
