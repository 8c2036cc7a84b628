import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { exited, startServerProcess, type ServerProcess } from '../../helpers/server-process'
import { launchChromium } from './browser'

/** A built `switchboard serve` in its own process, on a fresh data directory and free ports. */
export interface RunningSwitchboard {
  /** The console URL with its per-run token, as printed in the ready line. */
  consoleUrl: string
  /** The GMS base URL (`http://127.0.0.1:P`). */
  gmsUrl: string
  /** The ESP WebSocket URL (`ws://127.0.0.1:P/esp`). */
  espUrl: string
  process: ServerProcess
  /** SIGTERM, wait for the exit, remove the data directory. Idempotent. */
  stop(): Promise<void>
}

/**
 * Starts the server on a temporary data directory. `configYaml`, when given, becomes the data
 * directory's `config.yaml` (only the keys to change; the rest keeps the shipped defaults).
 */
export async function startSwitchboard(configYaml?: string): Promise<RunningSwitchboard> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'))
  if (configYaml !== undefined) writeFileSync(join(dataDir, 'config.yaml'), configYaml)
  let server: ServerProcess
  try {
    server = await startServerProcess(dataDir)
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  const { ready } = server
  if (!ready.console) throw new Error('the ready line has no console URL')
  let stopping: Promise<void> | null = null
  return {
    consoleUrl: ready.console,
    gmsUrl: ready.gms,
    espUrl: ready.esp,
    process: server,
    stop() {
      stopping ??= (async () => {
        if (server.child.exitCode === null && server.child.signalCode === null) {
          server.child.kill('SIGTERM')
        }
        await exited(server.child)
        rmSync(dataDir, { recursive: true, force: true })
      })()
      return stopping
    },
  }
}

/**
 * The server and Chromium, started side by side; if either fails, the other is closed before the
 * error propagates, so a failed `beforeAll` leaves no process behind.
 */
export async function startSwitchboardAndChromium(): Promise<[RunningSwitchboard, Browser]> {
  const [server, browser] = await Promise.allSettled([startSwitchboard(), launchChromium()])
  if (server.status === 'fulfilled' && browser.status === 'fulfilled') {
    return [server.value, browser.value]
  }
  if (server.status === 'fulfilled') await server.value.stop()
  if (browser.status === 'fulfilled') await browser.value.close()
  throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason
}
