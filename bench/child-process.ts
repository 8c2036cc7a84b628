import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { createInterface } from 'node:readline'

/** Spawns a process and resolves with it and the first stdout line parsed as JSON. */
export async function spawnWithReadyLine<T>(
  command: string,
  args: string[],
): Promise<{ child: ChildProcess; ready: T }> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout! })
  const ready = await Promise.race([
    new Promise<T>((resolve) => lines.once('line', (line) => resolve(JSON.parse(line) as T))),
    once(child, 'exit').then(([code]) => {
      throw new Error(`${args.join(' ')} exited with ${String(code)} before it was ready`)
    }),
  ])
  return { child, ready }
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  await once(child, 'exit')
}

/** The ready line of `switchboard serve`. */
export interface ServeReady {
  gms: string
  esp: string
  console: string
}

/**
 * `switchboard serve` (the built CLI) on free ports and a fresh data directory, in its own
 * process; `stop()` ends it and removes the directory.
 */
export async function startServe(): Promise<{
  ready: ServeReady
  dataDir: string
  /** Ends the server; its data directory is removed unless `keepDataDir` (then the caller's). */
  stop: (options?: { keepDataDir?: boolean }) => Promise<void>
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'))
  const cli = join(__dirname, '..', 'bin', 'switchboard.js')
  const ports = ['--esp-port', '0', '--gms-port', '0', '--console-port', '0']
  const { child, ready } = await spawnWithReadyLine<ServeReady>(process.execPath, [
    cli,
    'serve',
    '--data-dir',
    dataDir,
    ...ports,
  ])
  return {
    ready,
    dataDir,
    stop: async (options = {}) => {
      await stop(child)
      if (!options.keepDataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
