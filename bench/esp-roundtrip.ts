/**
 * esp.message.p50 / p99: ESP `Message` over WebSocket from this process to `switchboard serve`
 * in another, sent → committed → answered, at a steady rate spread over many sessions; against
 * a raw `ws` echo server (also another process) at the same rate with the same payload.
 */
import { join } from 'node:path'
import WebSocket from 'ws'
import { spawnWithReadyLine, startServe, stop } from './child-process'
import { figure, percentile, type Figure } from './report'

export interface Options {
  rate: number
  sessions: number
  seconds: number
}

const ROOT = join(__dirname, '..')

/** The referenceId of an answer, read without parsing the whole JSON (keeps the client light). */
function referenceIdOf(text: string): number {
  return Number(/"referenceId":(\d+)/.exec(text)?.[1])
}

/**
 * Sends `make(i)` frames evenly at `rate`/s for `seconds` (a 1 ms tick sends whatever is due),
 * returning each round trip in ms. The same client measures both servers, so its own overhead
 * is in the baseline too.
 */
export async function paced(
  url: string,
  options: Options,
  make: (index: number) => string,
  onAnswer: (text: string) => void = () => {},
): Promise<number[]> {
  const socket = new WebSocket(url)
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
  const sentAt = new Map<number, number>()
  const samples: number[] = []
  socket.on('message', (data) => {
    onAnswer(data.toString())
    const referenceId = referenceIdOf(data.toString())
    const started = sentAt.get(referenceId)
    if (started !== undefined) samples.push(performance.now() - started)
    sentAt.delete(referenceId)
  })
  const total = options.rate * options.seconds
  const begin = performance.now()
  let sent = 0
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - begin) * options.rate) / 1000))
      while (sent < due) {
        sent += 1
        sentAt.set(sent, performance.now())
        socket.send(make(sent))
      }
      if (sent >= total) {
        clearInterval(timer)
        resolve()
      }
    }, 1)
  })
  const deadline = Date.now() + 10_000
  while (sentAt.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  socket.close()
  return samples.slice(Math.floor(samples.length * 0.1)) // drop warm-up
}

export async function createSessions(espUrl: string, count: number): Promise<string[]> {
  const base = espUrl.replace(/^ws/, 'http').replace(/\/esp$/, '')
  const ids: string[] = []
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, () =>
      fetch(`${base}/admin/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customerNickname: 'Bench' }),
      }).then((response) => response.json() as Promise<{ sessionId: string }>),
    )
    ids.push(...(await Promise.all(batch)).map((created) => created.sessionId))
  }
  return ids
}

function espMessage(sessionIds: string[]) {
  return (referenceId: number) =>
    JSON.stringify({
      referenceId,
      service: 'Chat',
      method: 'Message',
      interactionId: sessionIds[referenceId % sessionIds.length],
      parameters: { MessageText: `Benchmark message number ${referenceId}`, Visibility: 'ALL' },
    })
}

export async function benchEspRoundTrip(options: Options): Promise<Figure[]> {
  const echo = await spawnWithReadyLine<{ url: string }>(process.execPath, [
    join(ROOT, 'bench', 'ws-echo-server.mjs'),
  ])
  const server = await startServe()
  try {
    const sessionIds = await createSessions(server.ready.esp, options.sessions)
    const make = espMessage(sessionIds)
    const echoSamples = await paced(echo.ready.url, options, make)
    const espSamples = await paced(server.ready.esp, options, make)
    const unit = 'ms'
    const echoP50 = { name: 'ws.echo.p50', value: percentile(echoSamples, 50), unit }
    const echoP99 = { name: 'ws.echo.p99', value: percentile(echoSamples, 99), unit }
    const espP99 = percentile(espSamples, 99)
    return [
      figure({ name: 'esp.message.p50', value: percentile(espSamples, 50), unit }, echoP50, null),
      figure({ name: 'esp.message.p99', value: espP99, unit }, echoP99, { op: '<=', value: 4 }),
      figure({ name: 'esp.message.p99.absolute', value: espP99, unit }, null, {
        op: '<=',
        value: 2,
      }),
    ]
  } finally {
    await Promise.all([stop(echo.child), server.stop()])
  }
}
