/**
 * Just enough of a Bayeux long-polling client for the console's test customer to use GMS the
 * way a CometD customer does (docs/gms.md, "CometD"): handshake, a connect loop, subscribe and
 * publish. The `cometd` npm client is a development dependency only (the tests use it as the
 * judge of the server), so the running app carries this small client instead.
 */
import { z } from 'zod'

const replySchema = z.array(
  z
    .object({
      channel: z.string(),
      successful: z.boolean().optional(),
      clientId: z.string().optional(),
      error: z.string().optional(),
      data: z.unknown().optional(),
      advice: z.object({ reconnect: z.string().optional() }).loose().optional(),
    })
    .loose(),
)
type Reply = z.infer<typeof replySchema>[number]

export interface BayeuxClientOptions {
  /** `http://host:port/genesys/cometd`. */
  url: string
  /** Sent on every request (v1's `gms_user`). */
  headers?: Record<string, string>
  /** Longer than the server's long-poll hold (30 s). */
  timeoutMs?: number
  /** A data message (not a meta reply) on `channel`. */
  onData(channel: string, data: unknown): void
  /** The connect loop stopped for another reason than `disconnect()`. */
  onFailure?(reason: string): void
}

export class BayeuxClient {
  private clientId: string | undefined
  private isStopped = false
  private readonly aborts = new Set<AbortController>()

  constructor(private readonly options: BayeuxClientOptions) {}

  /** Handshakes and starts the long-polling loop; resolves once handshaken. */
  async start(): Promise<void> {
    const [reply] = await this.send([
      { channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] },
    ])
    if (!reply?.successful || !reply.clientId) {
      throw new Error(`CometD handshake refused: ${reply?.error ?? 'no reply'}`)
    }
    this.clientId = reply.clientId
    void this.connectLoop()
  }

  async subscribe(subscription: string): Promise<void> {
    const [reply] = await this.send([
      { channel: '/meta/subscribe', clientId: this.clientId, subscription },
    ])
    if (!reply?.successful) throw new Error(`CometD subscribe refused: ${reply?.error ?? ''}`)
  }

  async publish(channel: string, data: unknown): Promise<void> {
    const replies = await this.send([{ channel, clientId: this.clientId, data }])
    const ack = replies.find((reply) => reply.channel === channel && reply.successful !== undefined)
    if (ack && !ack.successful) throw new Error(`CometD publish refused: ${ack.error ?? ''}`)
  }

  /** Stops the loop and says goodbye (best effort). */
  async disconnect(): Promise<void> {
    if (this.isStopped) return
    this.isStopped = true
    for (const abort of this.aborts) abort.abort()
    if (this.clientId === undefined) return
    await this.send([{ channel: '/meta/disconnect', clientId: this.clientId }]).catch(() => [])
  }

  private async connectLoop(): Promise<void> {
    while (!this.isStopped) {
      try {
        const replies = await this.send([
          { channel: '/meta/connect', clientId: this.clientId, connectionType: 'long-polling' },
        ])
        const meta = replies.find((reply) => reply.channel === '/meta/connect')
        if (meta && !meta.successful) {
          this.stop(`CometD connect refused: ${meta.error ?? ''}`)
          return
        }
      } catch (error) {
        if (!this.isStopped) this.stop(error instanceof Error ? error.message : String(error))
        return
      }
    }
  }

  private stop(reason: string): void {
    this.isStopped = true
    this.options.onFailure?.(reason)
  }

  /** One Bayeux POST; data messages in the answer go to `onData`, the rest is returned. */
  private async send(messages: unknown[]): Promise<Reply[]> {
    const abort = new AbortController()
    this.aborts.add(abort)
    const timer = setTimeout(() => abort.abort(), this.options.timeoutMs ?? 45_000)
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.options.headers },
        body: JSON.stringify(messages),
        signal: abort.signal,
      })
      const parsed = replySchema.safeParse(await response.json().catch(() => undefined))
      if (!response.ok || !parsed.success) {
        throw new Error(`CometD answered ${response.status} with an unexpected body`)
      }
      const replies: Reply[] = []
      for (const reply of parsed.data) {
        const isData = reply.data !== undefined && !reply.channel.startsWith('/meta/')
        if (isData && reply.successful === undefined) this.options.onData(reply.channel, reply.data)
        else replies.push(reply)
      }
      return replies
    } finally {
      clearTimeout(timer)
      this.aborts.delete(abort)
    }
  }
}
