/**
 * cometd.delivery.p99: 100 real CometD long-polling customers (the `cometd` client with
 * `cometd-nodejs-client`, in this process) chat with `switchboard serve` (another process); a
 * strategy posts ALL messages over ESP at 100 messages/s spread over their chats, and each
 * message is timed from the ESP request leaving here to the customer's `/_genesys` callback
 * (committed, published, delivered on the held long poll).
 */
import { CometD } from 'cometd'
import { adapt } from 'cometd-nodejs-client'
import { startServe } from './child-process'
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

export async function benchCometdDelivery(options: {
  clients: number
  rate: number
  seconds: number
}): Promise<Figure[]> {
  const server = await startServe()
  const sentAt = new Map<string, number>()
  const samples: number[] = []
  const onText = (text: string) => {
    const started = sentAt.get(text)
    if (started === undefined) return
    samples.push(performance.now() - started)
    sentAt.delete(text)
  }
  const chats: Chat[] = []
  try {
    for (let i = 0; i < options.clients; i++)
      chats.push(await connectCustomer(server.ready.gms, i, onText))
    const espHttp = server.ready.esp.replace(/^ws/, 'http')
    const total = options.rate * options.seconds
    for (let sent = 0; sent < total; sent++) {
      const text = `Benchmark message ${sent}`
      const chat = chats[sent % chats.length]!
      sentAt.set(text, performance.now())
      void fetch(espHttp, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          service: 'Chat',
          method: 'Message',
          interactionId: chat.sessionId,
          parameters: { MessageText: text },
        }),
      })
      await new Promise((resolve) => setTimeout(resolve, 1000 / options.rate))
    }
    const deadline = Date.now() + 10_000
    while (sentAt.size > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20))
    const lost = sentAt.size
    if (lost > 0) throw new Error(`${lost} of ${total} CometD notifications never arrived`)
    const measured = samples.slice(Math.floor(samples.length * 0.1))
    return [
      figure({ name: 'cometd.delivery.p99', value: percentile(measured, 99), unit: 'ms' }, null, {
        op: '<=',
        value: 10,
      }),
    ]
  } finally {
    await Promise.all(
      chats.map((chat) => new Promise<void>((resolve) => chat.cometd.disconnect(() => resolve()))),
    )
    await server.stop()
  }
}
