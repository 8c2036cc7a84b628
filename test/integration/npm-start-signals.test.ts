import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import type { ReadyLine } from '../helpers/server-process'

const ROOT = join(__dirname, '..', '..')

/** Every process below `pid` (children, grandchildren, ...), from `ps`. */
function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((row) => row.trim().split(/\s+/).map(Number) as [number, number])
  const found: number[] = []
  const queue = [pid]
  while (queue.length > 0) {
    const parent = queue.shift()!
    for (const [child, ppid] of rows) {
      if (ppid === parent) {
        found.push(child)
        queue.push(child)
      }
    }
  }
  return found
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Resolves once `check` holds, polling the real processes (they run in real time). */
async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function portIsClosed(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname)
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

let started: { npm: ChildProcess; dataDir: string } | undefined
afterEach(() => {
  if (!started) return
  // Whatever the test left: the process group it started (never anything else).
  try {
    process.kill(-started.npm.pid!, 'SIGKILL')
  } catch {
    // Already gone, as it should be.
  }
  rmSync(started.dataDir, { recursive: true, force: true })
  started = undefined
})

/** `npm start` in browser mode (no display), on free ports, up to its ready line. */
async function npmStart(): Promise<{ npm: ChildProcess; ready: ReadyLine }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-start-'))
  const npm = spawn(
    'npm',
    [
      'start',
      '--',
      ...['--data-dir', dataDir, '--gms-port', '0', '--esp-port', '0', '--console-port', '0'],
    ],
    {
      cwd: ROOT,
      // Its own process group, so that the test's signal reaches npm alone, as `kill PID` does.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      // The build is the suite's (other test files read out/ meanwhile); no display: browser mode.
      env: { ...process.env, SWITCHBOARD_START_NO_BUILD: '1', DISPLAY: '', WAYLAND_DISPLAY: '' },
    },
  )
  started = { npm, dataDir }
  let stderr = ''
  npm.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const lines = createInterface({ input: npm.stdout! })
  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith('{') && line.includes('"ready"')) resolve(JSON.parse(line) as ReadyLine)
    })
    npm.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${stderr}`)))
  })
  return { npm, ready }
}

describe.runIf(process.platform === 'linux')('npm start and signals', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} sent to the npm process stops the whole tree and frees the ports`, async () => {
      const { npm, ready } = await npmStart()
      const tree = [npm.pid!, ...descendants(npm.pid!)]
      // npm, its shell, scripts/start.mjs and the server.
      expect(tree.length).toBeGreaterThanOrEqual(3)

      process.kill(npm.pid!, signal)

      await until(() => tree.every((pid) => !isAlive(pid)), 'every process of the tree to exit')
      expect(await portIsClosed(ready.gms)).toBe(true)
      expect(await portIsClosed(ready.esp)).toBe(true)
    })
  }
})
