/**
 * cometd.delivery.p99: 100 real CometD long-polling customers (the `cometd` client with
 * `cometd-nodejs-client`, in this process) chat with `switchboard serve` (another process); a
 * strategy posts ALL messages over ESP at 100 messages/s spread over their chats, and each
 * message is timed from the ESP request leaving here to the customer's `/_genesys` callback
 * (committed, published, delivered on the held long poll). Baseline, in the same run: the same
 * clients, rate and timing against a bare long-poll delivery (`long-poll-server.mjs`), so the
 * figure is judged as a ratio (docs/benchmarks.md) and the absolute p99 only reported.
 */
import { CometD } from 'cometd'
import { adapt } from 'cometd-nodejs-client'
import { join } from 'node:path'
import { spawnWithReadyLine, startServe, stop } from './child-process'
import { figure, percentile, type Figure } from './report'

adapt()

interface Chat {
  sessionId: string
  cometd: CometD
}

async function connectCustomer(
  gmsUrl: string,
  index: number,
  onText: (text: string) => void,
): Promise<Chat> {
  const gmsUser = `bench-customer-${index}`
  const cometd = new CometD()
  cometd.websocketEnabled = false
  cometd.configure({
    url: `${gmsUrl}/genesys/cometd`,
    logLevel: 'warn',
    requestHeaders: { gms_user: gmsUser },
  })
  await new Promise<void>((resolve, reject) =>
    cometd.handshake((reply) =>
      reply.successful ? resolve() : reject(new Error(String(reply.error))),
    ),
  )
  await new Promise<void>((resolve) =>
    cometd.subscribe(
      '/_genesys',
      (message) => {
        const data = message.data as { message: { transcriptToShow: string[][] } }
        for (const entry of data.message.transcriptToShow)
          if (entry[0] === 'Message.Text') onText(entry[2]!)
      },
      () => resolve(),
    ),
  )
  const headers = { 'content-type': 'application/x-www-form-urlencoded', gms_user: gmsUser }
  const service = await fetch(`${gmsUrl}/genesys/1/service/request-chat`, {
    method: 'POST',
    headers,
    body: 'Subject=bench',
  }).then((response) => response.json() as Promise<{ _id: string }>)
  const chat = await fetch(`${gmsUrl}/genesys/1/service/${service._id}/ixn/chat`, {
    method: 'POST',
    headers,
    body: `firstName=Customer${index}&notify_by=comet`,
  }).then((response) => response.json() as Promise<{ chatSessionId: string }>)
  return { sessionId: chat.chatSessionId, cometd }
}

/** The p99 of the measured part of `samples` (the first tenth warms up and is left out). */
export function steadyP99(samples: number[]): number {
  return percentile(samples.slice(Math.floor(samples.length * 0.1)), 99)
}

/** Sends `total` messages at `rate` per second with `send`, then waits for them all. */
export async function publishAtRate(
  options: { rate: number; total: number; what: string },
  sentAt: Map<string, number>,
  send: (sent: number, text: string) => void,
): Promise<void> {
  for (let sent = 0; sent < options.total; sent++) {
    const text = `Benchmark message ${sent}`
    sentAt.set(text, performance.now())
    send(sent, text)
    await new Promise((resolve) => setTimeout(resolve, 1000 / options.rate))
  }
  const deadline = Date.now() + 10_000
  while (sentAt.size > 0 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20))
  if (sentAt.size > 0) {
    throw new Error(`${sentAt.size} of ${options.total} ${options.what} never arrived`)
  }
}

/** A timer of delivered texts: `onText` records how long each took since it was sent. */
export function deliveryTimer(): {
  sentAt: Map<string, number>
  samples: number[]
  onText(text: string): void
} {
  const sentAt = new Map<string, number>()
  const samples: number[] = []
  return {
    sentAt,
    samples,
    onText(text) {
      const started = sentAt.get(text)
      if (started === undefined) return
      samples.push(performance.now() - started)
      sentAt.delete(text)
    },
  }
}

/** The same clients, rate and timing against a bare long-poll delivery: the baseline p99. */
/**
 * An ESP `Message` into the session over ESP's HTTP transport, not awaited: the delivery benches
 * time the notification it causes, not the request.
 */
export function postEspMessage(espHttpUrl: string, sessionId: string, text: string): void {
  void fetch(espHttpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      service: 'Chat',
      method: 'Message',
      interactionId: sessionId,
      parameters: { MessageText: text },
    }),
  })
}

export async function bareLongPollP99(options: {
  clients: number
  rate: number
  seconds: number
}): Promise<number> {
  const server = await spawnWithReadyLine<{ url: string }>(process.execPath, [
    join(__dirname, 'long-poll-server.mjs'),
  ])
  const timer = deliveryTimer()
  let isRunning = true
  const poll = async (client: number) => {
    while (isRunning) {
      const texts = await fetch(`${server.ready.url}/poll?client=${client}`, { method: 'POST' })
        .then((response) => response.json() as Promise<string[]>)
        .catch(() => [])
      for (const text of texts) timer.onText(text)
    }
  }
  const polls = Array.from({ length: options.clients }, (_, client) => poll(client))
  try {
    await publishAtRate(
      { rate: options.rate, total: options.rate * options.seconds, what: 'long-poll deliveries' },
      timer.sentAt,
      (sent, text) =>
        void fetch(`${server.ready.url}/publish?client=${sent % options.clients}`, {
          method: 'POST',
          body: text,
        }),
    )
    return steadyP99(timer.samples)
  } finally {
    isRunning = false
    await stop(server.child)
    await Promise.allSettled(polls)
  }
}

export async function benchCometdDelivery(options: {
  clients: number
  rate: number
  seconds: number
}): Promise<Figure[]> {
  const baselineP99 = await bareLongPollP99(options)
  const server = await startServe()
  const timer = deliveryTimer()
  const chats: Chat[] = []
  try {
    for (let i = 0; i < options.clients; i++)
      chats.push(await connectCustomer(server.ready.gms, i, timer.onText))
    const espHttp = server.ready.esp.replace(/^ws/, 'http')
    const total = options.rate * options.seconds
    await publishAtRate(
      { rate: options.rate, total, what: 'CometD notifications' },
      timer.sentAt,
      (sent, text) => postEspMessage(espHttp, chats[sent % chats.length]!.sessionId, text),
    )
    const p99 = steadyP99(timer.samples)
    return [
      figure(
        { name: 'cometd.delivery.p99', value: p99, unit: 'ms' },
        { name: 'long-poll.delivery.p99', value: baselineP99, unit: 'ms' },
        { op: '<=', value: 3 },
      ),
      figure({ name: 'cometd.delivery.p99.absolute', value: p99, unit: 'ms' }, null, null),
    ]
  } finally {
    await Promise.all(
      chats.map((chat) => new Promise<void>((resolve) => chat.cometd.disconnect(() => resolve()))),
    )
    await server.stop()
  }
}
