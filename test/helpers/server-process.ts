import { execFile, spawn, type ChildProcess, type ExecFileOptions } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'

export const CLI = join(__dirname, '..', '..', 'bin', 'switchboard.js')

/** How a finished `switchboard` command went: its exit code and what it printed. */
export interface CliOutcome {
  code: number
  stdout: string
  stderr: string
}

/** Runs `switchboard ARGS...` to its end; a non-zero exit is an outcome, not an error. */
export async function runCli(args: string[], options: ExecFileOptions = {}): Promise<CliOutcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      ...options,
      encoding: 'utf8',
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as CliOutcome
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

export interface ReadyLine {
  event: 'ready'
  gms: string
  esp: string
  console?: string
  dataDir: string
}

export interface ServerProcess {
  child: ChildProcess
  ready: ReadyLine
  /** Everything the server wrote on stderr so far (its logs). */
  stderr: () => string
}

/**
 * Starts the built `switchboard serve` as a child process on free ports and resolves with its
 * ready line; rejects with the server's stderr if it exits first.
 */
export async function startServerProcess(
  dataDir: string,
  extraArgs: string[] = [],
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      CLI,
      'serve',
      '--data-dir',
      dataDir,
      '--esp-port',
      '0',
      '--gms-port',
      '0',
      '--console-port',
      '0',
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const lines = createInterface({ input: child.stdout! })
  const ready = await Promise.race([
    new Promise<ReadyLine>((resolve) =>
      lines.once('line', (line) => resolve(JSON.parse(line) as ReadyLine)),
    ),
    once(child, 'exit').then(([code]) => {
      throw new Error(`switchboard serve exited with ${String(code)} before ready:\n${stderr}`)
    }),
  ])
  return { child, ready, stderr: () => stderr }
}

/** Resolves with the exit code once the process has exited. */
export async function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
  const [code] = (await once(child, 'exit')) as [number | null]
  return code
}

/** POST /admin/sessions on the ESP listener: a queued session to send ESP requests to. */
export async function createSessionOver(
  espUrl: string,
  userData: Record<string, string> = {},
): Promise<string> {
  const response = await fetch(new URL('/admin/sessions', espUrl.replace(/^ws/, 'http')), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customerNickname: 'Ann', userData }),
  })
  if (!response.ok)
    throw new Error(`admin create failed: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { sessionId: string }).sessionId
}
