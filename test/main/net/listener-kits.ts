/**
 * The three listeners started on port 0 with the connection limits a test chooses, each with
 * the path of a request it answers at once (used to see that a listener still serves).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startConsoleListener } from '../../../src-main/console/console-listener'
import { startEspListener } from '../../../src-main/esp/esp-listener'
import { startGmsListener } from '../../../src-main/gms/gms-listener'
import { silentLogger } from '../../../src-main/logging'
import type { ConnectionLimits, ListenerName } from '../../../src-main/net/connection-limits'
import { createConsoleKit } from '../console/console-fixture'
import { createTestEngine, type TestEngine } from '../../helpers/engine'

export interface RunningListener {
  name: ListenerName
  port: number
  /** A request head the listener answers at once (a 404 or 401 is fine: it is an answer). */
  quickRequest: string
  /** Where a held answer or a WebSocket can be opened. */
  espUrl?: string
  kit: TestEngine
  close(): Promise<void>
}

export interface ListenerStartOptions {
  connections: Partial<ConnectionLimits>
  /** GMS only: seconds a `/meta/connect` is held. */
  longPollTimeoutSeconds?: number
}

function quickRequest(port: number, path: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`
}

async function startEsp(options: ListenerStartOptions): Promise<RunningListener> {
  const kit = createTestEngine()
  const listener = await startEspListener({
    engine: kit.engine,
    host: '127.0.0.1',
    port: 0,
    settings: { rateLimit: 2000, burst: 4000, maxBodyBytes: 1024 * 1024 },
    logger: silentLogger,
    connections: options.connections,
  })
  return {
    name: 'esp',
    port: listener.port,
    quickRequest: quickRequest(listener.port, '/esp'),
    espUrl: listener.url,
    kit,
    async close() {
      await listener.close()
      await kit.close()
    },
  }
}

async function startGms(options: ListenerStartOptions): Promise<RunningListener> {
  const kit = createTestEngine({ idle: { enabled: false } })
  const listener = await startGmsListener({
    engine: kit.engine,
    clock: kit.clock,
    host: '127.0.0.1',
    port: 0,
    services: {},
    logger: silentLogger,
    connections: options.connections,
    ...(options.longPollTimeoutSeconds === undefined
      ? {}
      : { longPollTimeoutSeconds: options.longPollTimeoutSeconds }),
  })
  return {
    name: 'gms',
    port: listener.port,
    quickRequest: quickRequest(listener.port, '/genesys/1/nothing'),
    kit,
    async close() {
      await listener.close()
      await kit.close()
    },
  }
}

async function startConsole(options: ListenerStartOptions): Promise<RunningListener> {
  const consoleKit = createConsoleKit()
  const rendererDir = mkdtempSync(join(tmpdir(), 'switchboard-net-'))
  const listener = await startConsoleListener({
    service: consoleKit.service,
    rendererDir,
    port: 0,
    connections: options.connections,
  })
  return {
    name: 'console',
    port: listener.port,
    quickRequest: quickRequest(listener.port, '/'),
    kit: consoleKit,
    async close() {
      // The console fixture closes its own engine after the test.
      await listener.close()
      rmSync(rendererDir, { recursive: true, force: true })
    },
  }
}

export const LISTENERS: Record<
  ListenerName,
  (options: ListenerStartOptions) => Promise<RunningListener>
> = { esp: startEsp, gms: startGms, console: startConsole }
