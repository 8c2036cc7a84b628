/**
 * Form POSTs to the GMS listener with plain `node:http` and one keep-alive agent per scenario.
 * A customer polls dozens of times per scenario; `fetch` (undici and web streams) cost a quarter
 * of the harness' CPU time for them (bench: harness.scenarios.rate).
 */
import { Agent, request } from 'node:http'

/** The status and parsed JSON body of an answer (undefined when the body is not JSON). */
export interface FormAnswer {
  status: number
  body: unknown
}

/** Posts `application/x-www-form-urlencoded` forms to one origin. */
export class FormPoster {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 4 })

  constructor(
    readonly origin: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** `headers`: extra request headers (a v1 CometD customer's `gms_user`). */
  post(
    path: string,
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<FormAnswer> {
    const body = new URLSearchParams(form).toString()
    return new Promise((resolve, reject) => {
      const outgoing = request(
        `${this.origin}${path}`,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            ...headers,
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('error', reject)
          response.on('end', () => {
            resolve({ status: response.statusCode ?? 0, body: parseJson(Buffer.concat(chunks)) })
          })
        },
      )
      outgoing.on('error', reject)
      // GMS answers at once; a request still open after this is a stuck server, not a slow one.
      outgoing.setTimeout(this.timeoutMs, () => {
        outgoing.destroy(new Error(`GMS did not answer ${path} within ${this.timeoutMs} ms`))
      })
      outgoing.end(body)
    })
  }

  /** Closes the kept-alive sockets. */
  close(): void {
    this.agent.destroy()
  }
}

function parseJson(buffer: Buffer): unknown {
  try {
    return JSON.parse(buffer.toString('utf8'))
  } catch {
    return undefined
  }
}
