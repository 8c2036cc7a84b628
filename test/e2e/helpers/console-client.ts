import WebSocket from 'ws'
import {
  CONSOLE_WS_PATH,
  type ConsoleMethodName,
  type ConsoleParams,
  type ConsoleReply,
  type ConsoleResult,
} from '../../../src-shared/console-api'

/**
 * The console API over its browser-mode WebSocket, from Node: what the renderer does, without a
 * page. Tests use it to set a scene (an agent accepts) and to read the server's state behind
 * the UI (getSession), never to assert what a user sees.
 */
export class ConsoleApiClient {
  private nextId = 1
  private readonly pending = new Map<number, (reply: ConsoleReply) => void>()

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const { id, ...reply } = JSON.parse(data.toString()) as { id?: unknown } & ConsoleReply
      if (typeof id !== 'number') return
      this.pending.get(id)?.(reply as ConsoleReply)
      this.pending.delete(id)
    })
  }

  /** Connects with the run's token and the listener's own Origin, then signs in as `userId`. */
  static async signedIn(consoleUrl: string, userId: string): Promise<ConsoleApiClient> {
    const url = new URL(consoleUrl)
    const token = url.searchParams.get('token') ?? ''
    const socket = new WebSocket(`ws://${url.host}${CONSOLE_WS_PATH}`, {
      headers: { authorization: `Bearer ${token}`, origin: `http://${url.host}` },
    })
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
    const client = new ConsoleApiClient(socket)
    await client.call('signIn', { userId })
    return client
  }

  /** Calls a method; a refusal rejects with its code and sentence. */
  async call<M extends ConsoleMethodName>(
    method: M,
    params: ConsoleParams<M>,
  ): Promise<ConsoleResult<M>> {
    const reply = await this.reply(method, params)
    if ('error' in reply) {
      throw new Error(`${method} refused: ${reply.error.code}: ${reply.error.message}`)
    }
    return reply.result
  }

  /** Calls a method and resolves with the reply, refusal included. */
  reply<M extends ConsoleMethodName>(
    method: M,
    params: ConsoleParams<M>,
  ): Promise<ConsoleReply<M>> {
    const id = this.nextId++
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (reply: ConsoleReply) => void)
      this.socket.send(JSON.stringify({ id, method, params }))
    })
  }

  close(): void {
    this.socket.close()
  }
}
