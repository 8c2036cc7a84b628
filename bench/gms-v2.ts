/**
 * GMS Chat API v2 (docs/gms.md) against `switchboard serve` in another process:
 * - gms.v2.refresh.rate: v2 `refresh` requests/s from autocannon (this process), beside a raw
 *   `node:http` JSON handler measured the same way;
 * - cometd.v2.delivery.p99: 100 Widgets-style CometD customers (listener on
 *   `/service/chatV2/request-chat`, no subscription, no `gms_user`); a strategy posts ALL
 *   messages over ESP at 100/s spread over their chats, each timed from the ESP request leaving
 *   here to the customer's push callback.
 */
import { join } from 'node:path'
import {
  bareLongPollP99,
  deliveryTimer,
  postEspMessage,
  publishAtRate,
  steadyP99,
} from './cometd-delivery'
import autocannon from 'autocannon'
import { CometD } from 'cometd'
import { adapt } from 'cometd-nodejs-client'
import { spawnWithReadyLine, startServe, stop } from './child-process'
import { figure, type Figure } from './report'

adapt()

const ROOT = join(__dirname, '..')
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const CHANNEL = '/service/chatV2/request-chat'

interface V2Chat {
  chatId: string
  secureKey: string
  userId: string
  alias: string
}

async function rate(url: string, body: string, seconds: number): Promise<number> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: FORM,
    body,
    connections: 10,
    duration: seconds,
  })
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
  }
  return result.requests.average
}

export async function benchGmsV2Rate(options: { seconds: number }): Promise<Figure[]> {
  const raw = await spawnWithReadyLine<{ url: string }>(process.execPath, [
    join(ROOT, 'bench', 'http-json-server.mjs'),
  ])
  const server = await startServe()
  try {
    const chat = (await fetch(`${server.ready.gms}/genesys/2/chat/request-chat`, {
      method: 'POST',
      headers: FORM,
      body: 'nickname=Bench&userData%5BSubject%5D=bench',
    }).then((response) => response.json())) as V2Chat
    const body = new URLSearchParams({
      secureKey: chat.secureKey,
      userId: chat.userId,
      alias: chat.alias,
      transcriptPosition: '1',
    }).toString()
    const baseline = await rate(`${raw.ready.url}/refresh`, body, options.seconds)
    const measured = await rate(
      `${server.ready.gms}/genesys/2/chat/request-chat/${chat.chatId}/refresh`,
      body,
      options.seconds,
    )
    const unit = 'req/s'
    return [
      figure(
        { name: 'gms.v2.refresh.rate', value: measured, unit },
        { name: 'node-http.refresh.rate', value: baseline, unit },
        { op: '>=', value: 0.5 },
      ),
    ]
  } finally {
    await Promise.all([stop(raw.child), server.stop()])
  }
}

async function connectWidgets(gmsUrl: string, index: number, onText: (text: string) => void) {
  const cometd = new CometD()
  cometd.websocketEnabled = false
  cometd.configure({ url: `${gmsUrl}/genesys/cometd`, logLevel: 'warn' })
  let chat: V2Chat | undefined
  const requested = new Promise<V2Chat>((resolve) => {
    cometd.addListener(CHANNEL, (message) => {
      const data = message.data as V2Chat & { messages?: { type: string; text?: string }[] }
      if (!chat) {
        chat = data
        resolve(data)
      }
      for (const item of data.messages ?? []) if (item.type === 'Message') onText(item.text ?? '')
    })
  })
  await new Promise<void>((resolve) => cometd.handshake(() => resolve()))
  cometd.publish(CHANNEL, { operation: 'requestChat', nickname: `Customer${index}` })
  return { cometd, chat: await requested }
}

export async function benchCometdV2Delivery(options: {
  clients: number
  rate: number
  seconds: number
}): Promise<Figure[]> {
  const baselineP99 = await bareLongPollP99(options)
  const server = await startServe()
  const timer = deliveryTimer()
  const clients: { cometd: CometD; chat: V2Chat }[] = []
  try {
    for (let i = 0; i < options.clients; i++) {
      clients.push(await connectWidgets(server.ready.gms, i, timer.onText))
    }
    const espHttp = server.ready.esp.replace(/^ws/, 'http')
    const total = options.rate * options.seconds
    await publishAtRate(
      { rate: options.rate, total, what: 'v2 pushes' },
      timer.sentAt,
      (sent, text) => postEspMessage(espHttp, clients[sent % clients.length]!.chat.chatId, text),
    )
    return [
      figure(
        { name: 'cometd.v2.delivery.p99', value: steadyP99(timer.samples), unit: 'ms' },
        { name: 'long-poll.delivery.p99', value: baselineP99, unit: 'ms' },
        // As cometd.delivery.p99 (docs/benchmarks.md): against a bare long poll in the same run.
        { op: '<=', value: 3 },
      ),
    ]
  } finally {
    await Promise.all(
      clients.map(
        ({ cometd }) => new Promise<void>((resolve) => cometd.disconnect(() => resolve())),
      ),
    )
    await server.stop()
  }
}
