/**
 * capacity.*: the server under a day's peak on this machine (docs/benchmarks.md): 5,000 open sessions,
 * 500 ESP messages/s, 100 chat opens + closes/s (GMS), and 200 customers polling `refresh` once a
 * second, all at once for `seconds`. Reports ESP p99 against a raw `ws` echo at the same rate and
 * GMS refresh p99 against a bare `node:http` handler polled the same way, the errors (any non-2xx
 * answer, ESP fault or refused connection), and whether every acknowledged message is stored.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { spawnWithReadyLine, startServe, stop } from './child-process'
import { createSessions, paced } from './esp-roundtrip'
import { figure, percentile, type Figure } from './report'

const ROOT = join(__dirname, '..')
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

interface Options {
  sessions: number
  espRate: number
  churnRate: number
  pollers: number
  seconds: number
}

interface Tally {
  errors: number
  acknowledged: number
}

/** Calls `task` `rate` times a second for `seconds`, without waiting for one to finish. */
async function every(rate: number, seconds: number, task: () => Promise<void>): Promise<void> {
  const total = rate * seconds
  const begin = performance.now()
  const running: Promise<void>[] = []
  let started = 0
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - begin) * rate) / 1000))
      while (started < due) {
        started += 1
        running.push(task())
      }
      if (started >= total) {
        clearInterval(timer)
        resolve()
      }
    }, 1)
  })
  await Promise.all(running)
}

async function post(url: string, body: string, tally: Tally): Promise<unknown> {
  try {
    const response = await fetch(url, { method: 'POST', headers: FORM, body })
    const json: unknown = await response.json()
    if (!response.ok) tally.errors += 1
    return json
  } catch {
    tally.errors += 1
    return undefined
  }
}

/** `pollers` customers each polling `url(i)` once a second; returns each poll's latency in ms. */
async function poll(
  urls: readonly string[],
  seconds: number,
  tally: Tally,
  body: (index: number) => string,
  onAnswer: (index: number, answer: unknown) => void = () => {},
): Promise<number[]> {
  const samples: number[] = []
  await Promise.all(
    urls.map(async (url, index) => {
      // Spread over the second, so 200 pollers are 200 requests/s, not bursts of 200.
      await new Promise((resolve) => setTimeout(resolve, (index * 1000) / urls.length))
      for (let round = 0; round < seconds; round += 1) {
        const started = performance.now()
        onAnswer(index, await post(url, body(index), tally))
        samples.push(performance.now() - started)
        await new Promise((resolve) => setTimeout(resolve, 1000 - (performance.now() - started)))
      }
    }),
  )
  return samples
}

async function startCustomer(gms: string, tally: Tally): Promise<string | undefined> {
  const service = (await post(`${gms}/genesys/1/service/request-chat`, 'Subject=bench', tally)) as
    { _id?: string } | undefined
  if (!service?._id) return undefined
  const chatUrl = `${gms}/genesys/1/service/${service._id}/ixn/chat`
  await post(chatUrl, 'firstName=Poller', tally)
  return chatUrl
}

/** Messages the store holds with the capacity run's texts. */
function storedMessages(dataDir: string): number {
  const db = new Database(join(dataDir, 'switchboard.db'), { readonly: true })
  try {
    return db
      .prepare(`SELECT count(*) FROM events WHERE type = 'message' AND text LIKE 'Capacity %'`)
      .pluck()
      .get() as number
  } finally {
    db.close()
  }
}

export async function benchCapacity(options: Options): Promise<Figure[]> {
  const echo = await spawnWithReadyLine<{ url: string }>(process.execPath, [
    join(ROOT, 'bench', 'ws-echo-server.mjs'),
  ])
  const bare = await spawnWithReadyLine<{ url: string }>(process.execPath, [
    join(ROOT, 'bench', 'http-json-server.mjs'),
  ])
  const server = await startServe()
  let stopped = false
  try {
    const { esp, gms } = server.ready
    const sessionIds = await createSessions(esp, options.sessions)
    const tally: Tally = { errors: 0, acknowledged: 0 }
    const pollUrls = (
      await Promise.all(Array.from({ length: options.pollers }, () => startCustomer(gms, tally)))
    ).filter((url): url is string => url !== undefined)
    const espOptions = {
      rate: options.espRate,
      sessions: options.sessions,
      seconds: options.seconds,
    }
    const message = (referenceId: number) =>
      JSON.stringify({
        referenceId,
        service: 'Chat',
        method: 'Message',
        interactionId: sessionIds[referenceId % sessionIds.length],
        parameters: { MessageText: `Capacity message ${referenceId}`, Visibility: 'ALL' },
      })

    // The baselines, at the same rates, before the load.
    const echoSamples = await paced(echo.ready.url, espOptions, message)
    const bareSamples = await poll(
      pollUrls.map(() => `${bare.ready.url}/refresh`),
      Math.min(options.seconds, 10),
      { errors: 0, acknowledged: 0 },
      () => 'transcriptPosition=1',
    )

    // Each poller reads on from where its last answer ended, as a customer's page does.
    const positions = pollUrls.map(() => 1)
    const onRefresh = (index: number, answer: unknown) => {
      const next = (answer as { transcriptPosition?: number } | undefined)?.transcriptPosition
      if (typeof next === 'number') positions[index] = next
    }
    const onEspAnswer = (text: string) => {
      if (text.includes('Event3rdServerResponse')) tally.acknowledged += 1
      else tally.errors += 1
    }
    const [espSamples, refreshSamples] = await Promise.all([
      paced(esp, espOptions, message, onEspAnswer),
      poll(
        pollUrls.map((url) => `${url}/refresh`),
        options.seconds,
        tally,
        (index) => `transcriptPosition=${positions[index]}`,
        onRefresh,
      ),
      every(options.churnRate, options.seconds, async () => {
        const chatUrl = await startCustomer(gms, tally)
        if (chatUrl) await post(`${chatUrl}/disconnect`, '', tally)
      }),
    ])
    await server.stop({ keepDataDir: true })
    stopped = true
    const stored = storedMessages(server.dataDir)
    rmSync(server.dataDir, { recursive: true, force: true })
    const ms = 'ms'
    return [
      figure(
        { name: 'capacity.esp.p99', value: percentile(espSamples, 99), unit: ms },
        { name: 'ws.echo.p99', value: percentile(echoSamples, 99), unit: ms },
        { op: '<=', value: 10 },
      ),
      figure(
        { name: 'capacity.gms.refresh.p99', value: percentile(refreshSamples, 99), unit: ms },
        { name: 'node-http.refresh.p99', value: percentile(bareSamples, 99), unit: ms },
        { op: '<=', value: 10 },
      ),
      figure({ name: 'capacity.errors', value: tally.errors, unit: 'errors' }, null, {
        op: '<=',
        value: 0,
      }),
      figure(
        {
          name: 'capacity.unstored',
          value: Math.max(0, tally.acknowledged - stored),
          unit: 'messages',
        },
        null,
        { op: '<=', value: 0 },
      ),
    ]
  } finally {
    await Promise.all([stop(echo.child), stop(bare.child), stopped ? undefined : server.stop()])
  }
}
