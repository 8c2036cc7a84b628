import WebSocket from 'ws'
import { parseKeyValues } from './key-values'
import { refusedAccessText } from './refused-access'

export interface EspCommandOptions {
  session: string
  esp: string
  application?: string
  token?: string
}

/**
 * Exit statuses of `switchboard esp` (docs/esp.md): response, fault, and not delivered (the
 * server cannot be reached or refused the caller).
 */
const EXIT = { response: 0, fault: 1, unreachable: 2 } as const

/** `switchboard esp METHOD --session ID key=value...`: one request, its answer on stdout. */
export async function espCommand(
  method: string,
  words: string[],
  options: EspCommandOptions,
): Promise<number> {
  const parameters = parseKeyValues(words)
  const request = {
    referenceId: 1,
    ...(options.application ? { application: options.application } : {}),
    service: 'Chat',
    method,
    interactionId: options.session,
    parameters,
  }
  const headers = options.token ? { Authorization: `Bearer ${options.token}` } : undefined
  return new Promise((resolve) => {
    const socket = new WebSocket(options.esp, { headers, handshakeTimeout: 5000 })
    let isRefused = false
    socket.on('open', () => socket.send(JSON.stringify(request)))
    socket.on('message', (data) => {
      const text = data.toString()
      process.stdout.write(`${JSON.stringify(JSON.parse(text), null, 2)}\n`)
      const isResponse = (JSON.parse(text) as { event?: string }).event === 'Event3rdServerResponse'
      socket.close()
      resolve(isResponse ? EXIT.response : EXIT.fault)
    })
    // The upgrade was answered with an HTTP status instead (401 without the right token).
    socket.on('unexpected-response', (_request, response) => {
      const text = refusedAccessText(
        'switchboard esp',
        options.esp,
        response.statusCode ?? 0,
        options.token !== undefined,
      )
      process.stderr.write(`${text}\n`)
      isRefused = true
      response.resume()
      socket.terminate()
      resolve(EXIT.unreachable)
    })
    socket.on('error', (error) => {
      if (isRefused) return // terminating the refused upgrade says so once more
      process.stderr.write(`switchboard esp: cannot reach ${options.esp}: ${error.message}\n`)
      resolve(EXIT.unreachable)
    })
  })
}
