/**
 * The console's ESP composer sends through the real ESP endpoint over HTTP (`POST /esp`,
 * docs/esp.md), as any strategy would: the answer it shows, response or fault, is ESP's own. The
 * answer is checked with a schema before use: the endpoint is outside input too.
 */
import { z } from 'zod'
import type { EspAnswerInfo, EspSendResult } from '../../src-shared/console-api'
import { espAnswerSchema } from '../../src-shared/esp-wire'
import { ConsoleApiError } from './console-errors'

/** Where the ESP listener is. */
export interface EspSenderOptions {
  /** `ws://host:port/esp` (the ESP listener's URL) or its `http://` twin. */
  url: string
  /** `esp.token`, when configured. */
  token?: string
  /** Per request; ESP answers at once, so a slow answer means it is stuck. Default 10 s. */
  timeoutMs?: number
}

const httpErrorSchema = z.object({ error: z.string(), message: z.string() })

/** A request envelope as `espSend` sends it. */
export type EspEnvelope = EspSendResult['request']

/** Posts ESP requests to one ESP listener. */
export class EspSender {
  private readonly endpoint: string
  private nextReference = 1

  constructor(private readonly options: EspSenderOptions) {
    if (!URL.canParse(options.url)) {
      throw new TypeError(`espUrl must be an absolute URL (got ${JSON.stringify(options.url)})`)
    }
    const url = new URL(options.url)
    url.protocol = url.protocol === 'wss:' ? 'https:' : url.protocol.replace(/^ws/, 'http')
    this.endpoint = url.href
  }

  /** A new reference for the next request (the composer shows it with the answer). */
  reference(): number {
    return this.nextReference++
  }

  async send(request: EspEnvelope): Promise<EspAnswerInfo> {
    let response: Response
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.options.token === undefined
            ? {}
            : { authorization: `Bearer ${this.options.token}` }),
        },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      })
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new ConsoleApiError(
        'esp-unavailable',
        `The ESP endpoint at ${this.endpoint} could not be reached: ${reason}`,
      )
    }
    const body: unknown = await response.json().catch(() => undefined)
    if (!response.ok) {
      const parsed = httpErrorSchema.safeParse(body)
      const detail = parsed.success ? `${parsed.data.message} (${parsed.data.error})` : 'no message'
      throw new ConsoleApiError(
        'esp-error',
        `ESP refused the call with ${response.status}: ${detail}`,
      )
    }
    const parsed = espAnswerSchema.safeParse(body)
    if (!parsed.success)
      throw new ConsoleApiError('esp-error', 'ESP answered with an unexpected body')
    return parsed.data
  }
}
