/**
 * A real console listener on port 0 over a test console service, a renderer folder with a few
 * files (and a secret next to it, for traversal tests), a raw HTTP helper that sends paths as
 * written, and a `ws` client that speaks the console protocol.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { WebSocket } from 'ws'
import type {
  ConsoleMethodName,
  ConsolePush,
  ConsoleReply,
  ConsoleServerFrame,
} from '../../../src-shared/console-api'
import {
  startConsoleListener,
  type ConsoleListener,
  type ConsoleListenerOptions,
} from '../../../src-main/console/console-listener'
import { createConsoleKit, type ConsoleKit } from './console-fixture'

export const SECRET = 'top secret outside the renderer'

export interface ListenerKit extends ConsoleKit {
  listener: ConsoleListener
  rendererDir: string
  /** Opens a socket with the token cookie and the listener's own origin, unless overridden. */
  connect(headers?: Record<string, string>, path?: string): Promise<ConsoleClient>
  /** A signed-in client. */
  signedIn(userId: string): Promise<ConsoleClient>
}

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function makeRenderer(): string {
  const base = mkdtempSync(join(tmpdir(), 'switchboard-console-'))
  const root = join(base, 'renderer')
  mkdirSync(join(root, 'assets'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Switchboard</title>')
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log("app")')
  writeFileSync(join(root, 'assets', 'app.css'), 'body{}')
  writeFileSync(join(root, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  writeFileSync(join(base, 'secret.txt'), SECRET)
  symlinkSync(base, join(root, 'escape'))
  cleanups.push(() => rmSync(base, { recursive: true, force: true }))
  return root
}

export async function createListenerKit(
  options: Partial<ConsoleListenerOptions> & { gmsUrl?: string } = {},
): Promise<ListenerKit> {
  const kit = createConsoleKit(options.gmsUrl === undefined ? {} : { gmsUrl: options.gmsUrl })
  const rendererDir = makeRenderer()
  const listener = await startConsoleListener({
    service: kit.service,
    rendererDir,
    port: 0,
    ...options,
  })
  cleanups.push(() => listener.close())
  const connect = async (headers: Record<string, string> = {}, path = '/console/ws') => {
    const client = await ConsoleClient.open(`ws://127.0.0.1:${listener.port}${path}`, {
      origin: listener.origin,
      cookie: `switchboard_console_${listener.port}=${listener.token}`,
      ...headers,
    })
    cleanups.push(() => client.close())
    return client
  }
  return {
    ...kit,
    listener,
    rendererDir,
    connect,
    async signedIn(userId) {
      const client = await connect()
      await client.result('signIn', { userId })
      return client
    },
  }
}

export interface RawAnswer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** An HTTP request with the path exactly as given (fetch would normalise `..`). */
export function rawRequest(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      )
    })
    request.on('error', reject)
    request.end()
  })
}

/** A console WebSocket client that records every frame. */
export class ConsoleClient {
  readonly frames: ConsoleServerFrame[] = []
  private nextId = 1
  private waiters: (() => void)[] = []

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as ConsoleServerFrame)
      for (const waiter of this.waiters.splice(0)) waiter()
    })
  }

  /** Opens the socket; rejects with the status of a refused upgrade (`Unexpected ... 401`). */
  static open(url: string, headers: Record<string, string>): Promise<ConsoleClient> {
    const socket = new WebSocket(url, { headers })
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new ConsoleClient(socket)))
      socket.once('unexpected-response', (_request, response) => {
        reject(new Error(`upgrade refused with ${response.statusCode}`))
        socket.terminate()
      })
      socket.once('error', reject)
    })
  }

  get pushes(): ConsolePush[] {
    return this.frames.filter((frame): frame is ConsolePush => 'push' in frame)
  }

  /** Resolves once a frame matching `predicate` has arrived (already, or later). */
  async waitFor<F extends ConsoleServerFrame>(predicate: (frame: ConsoleServerFrame) => boolean) {
    for (;;) {
      const found = this.frames.find(predicate)
      if (found) return found as F
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
  }

  async call(method: ConsoleMethodName | string, params: unknown): Promise<ConsoleReply> {
    const id = this.nextId++
    this.socket.send(JSON.stringify({ id, method, params }))
    const frame = await this.waitFor((candidate) => 'id' in candidate && candidate.id === id)
    const reply = { ...(frame as { id: number } & ConsoleReply) }
    delete (reply as { id?: number }).id
    return reply
  }

  async result(method: ConsoleMethodName, params: unknown): Promise<unknown> {
    const reply = await this.call(method, params)
    if ('error' in reply) throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`)
    return reply.result
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve()
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve())
      this.socket.close()
    })
  }
}
