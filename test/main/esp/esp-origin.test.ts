/**
 * docs/limits.md, "ESP": a web page cannot use the ESP listener. A request carrying an `Origin`
 * (browsers send one on every cross-site upgrade and POST) is refused with 403 on both
 * transports, `Origin: null` too, unless `esp.allowed-origins` names it exactly; callers without
 * an `Origin` (strategies, scripts, the console's composer) are unaffected.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startChat } from '../../helpers/engine'
import {
  asResponse,
  EspClient,
  espRequest,
  fullTranscript,
  refusedUpgradeStatus,
  startEspServer,
  type EspTestServer,
} from './esp-test-kit'

const TOOLS = 'https://tools.example.com'
const WEB_PAGES = ['https://evil.example', 'null', 'http://127.0.0.1:8080', `${TOOLS}:8443`]

let server: EspTestServer
afterEach(async () => {
  await server.close()
})

async function postWithOrigin(url: string, body: unknown, origin: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify(body),
  })
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as unknown,
  }
}

describe.each([
  ['with the default (empty) esp.allowed-origins', undefined],
  ['with esp.allowed-origins naming one tool', [TOOLS]],
])('%s', (_title, allowedOrigins) => {
  const start = async () => {
    server = await startEspServer({ settings: allowedOrigins ? { allowedOrigins } : {} })
    return (await startChat(server.engine)).sessionId
  }

  it.each(WEB_PAGES)('refuses a WebSocket upgrade with Origin %s with 403', async (origin) => {
    await start()
    const refused = await refusedUpgradeStatus(server.listener.url, { origin })
    expect(refused).toMatchObject({ status: 403, body: { error: 'forbidden' } })
    expect((refused.body as { message: string }).message).toContain('esp.allowed-origins')
  })

  it.each(WEB_PAGES)('refuses POST /esp with Origin %s and posts nothing', async (origin) => {
    const sessionId = await start()
    const before = fullTranscript(server.engine, sessionId)
    const hi = espRequest('Message', sessionId, { MessageText: 'from a web page' })
    const answer = await postWithOrigin(server.httpUrl, hi, origin)
    expect(answer.status).toBe(403)
    expect(answer.body).toMatchObject({ error: 'forbidden' })
    // No CORS either: the page could not even read the refusal.
    expect(answer.headers.get('access-control-allow-origin')).toBeNull()
    expect(fullTranscript(server.engine, sessionId)).toEqual(before)
  })

  it('serves callers that send no Origin on both transports', async () => {
    const sessionId = await start()
    const client = await EspClient.connect(server.listener.url)
    asResponse(await client.request(espRequest('Message', sessionId, { MessageText: 'ws' })))
    await client.close()
    const response = await fetch(server.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(espRequest('Message', sessionId, { MessageText: 'http' })),
    })
    expect(response.status).toBe(200)
    asResponse(await response.json())
  })
})

describe('an origin named in esp.allowed-origins', () => {
  it('is let in on both transports, without CORS headers', async () => {
    server = await startEspServer({ settings: { allowedOrigins: [TOOLS] } })
    const { sessionId } = await startChat(server.engine)
    const client = await EspClient.connect(server.listener.url, { origin: TOOLS })
    asResponse(await client.request(espRequest('Message', sessionId, { MessageText: 'ws' })))
    await client.close()
    const hi = espRequest('Message', sessionId, { MessageText: 'http' })
    const answer = await postWithOrigin(server.httpUrl, hi, TOOLS)
    expect(answer.status).toBe(200)
    asResponse(answer.body)
    expect(answer.headers.get('access-control-allow-origin')).toBeNull()
  })
})
