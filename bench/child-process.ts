import { spawn, type ChildProcess } from 'node:child_process'
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
