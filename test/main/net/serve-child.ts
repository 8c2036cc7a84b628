/**
 * `switchboard serve` from the sources (through tsx) in a child process on free ports, for tests
 * that need a whole server under its own process limits (`ulimit -n`, a small heap). Every child
 * and data directory is gone after the test.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach } from 'vitest'
import type { ReadyLine } from '../../helpers/server-process'

const CLI = resolve(__dirname, '../../../src-main/cli.ts')

export interface ServeChild {
  child: ChildProcess
  ready: ReadyLine
}

const children: ChildProcess[] = []
const dirs: string[] = []

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    await exited
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

export interface ServeChildOptions {
  /** Node options before the script, e.g. `--max-old-space-size=192`. */
  nodeArgs?: string[]
  /** Most open files, set with `ulimit -n` before Node starts. */
  maxOpenFiles?: number
}

/** Starts the server and resolves with its ready line; rejects with its stderr if it exits. */
export async function startServeChild(options: ServeChildOptions = {}): Promise<ServeChild> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-serve-'))
  dirs.push(dataDir)
  const argv = [
    process.execPath,
    ...(options.nodeArgs ?? []),
    '--import',
    'tsx',
    CLI,
    'serve',
    '--data-dir',
    dataDir,
    ...['--gms-port', '0', '--esp-port', '0', '--console-port', '0'],
  ]
  const quoted = argv.map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ')
  const limit = options.maxOpenFiles === undefined ? '' : `ulimit -n ${options.maxOpenFiles} && `
  const child = spawn('sh', ['-c', `${limit}exec ${quoted}`], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const lines = createInterface({ input: child.stdout! })
  const ready = await Promise.race([
    new Promise<ReadyLine>((done) => lines.once('line', (line) => done(JSON.parse(line)))),
    once(child, 'exit').then(() => {
      throw new Error(`switchboard serve exited before ready:\n${stderr}`)
    }),
  ])
  return { child, ready }
}
