/**
 * gms.refresh.rate / gms.send.rate: GMS chat calls per second from autocannon (this process)
 * against `switchboard serve` (another process), each beside a raw `node:http` JSON handler
 * measured the same way; and the p99 latency at half the measured rate.
 */
import { join } from 'node:path'
import autocannon from 'autocannon'
import { spawnWithReadyLine, startServe, stop } from './child-process'
import { figure, type Figure } from './report'

const ROOT = join(__dirname, '..')
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

interface Load {
  url: string
  body: string
  seconds: number
  overallRate?: number
}

async function cannon(load: Load): Promise<{ rate: number; p99: number }> {
  const result = await autocannon({
    url: load.url,
    method: 'POST',
    headers: FORM,
    body: load.body,
    connections: 10,
    duration: load.seconds,
    ...(load.overallRate ? { overallRate: load.overallRate } : {}),
  })
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${load.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
  }
  return { rate: result.requests.average, p99: result.latency.p99 }
}

async function startChat(gmsUrl: string): Promise<string> {
  const service = await fetch(`${gmsUrl}/genesys/1/service/request-chat`, {
    method: 'POST',
    headers: FORM,
    body: 'Subject=bench',
  }).then((response) => response.json() as Promise<{ _id: string }>)
  const chatUrl = `${gmsUrl}/genesys/1/service/${service._id}/ixn/chat`
  await fetch(chatUrl, { method: 'POST', headers: FORM, body: 'firstName=Bench' })
  return chatUrl
}

export async function benchGmsRate(options: { seconds: number }): Promise<Figure[]> {
  const raw = await spawnWithReadyLine<{ url: string }>(process.execPath, [
    join(ROOT, 'bench', 'http-json-server.mjs'),
  ])
  const server = await startServe()
  try {
    const chatUrl = await startChat(server.ready.gms)
    const figures: Figure[] = []
    for (const call of ['refresh', 'send'] as const) {
      const body =
        call === 'refresh' ? 'transcriptPosition=1' : 'message=Hello%20from%20the%20benchmark'
      const baseline = await cannon({
        url: `${raw.ready.url}/${call}`,
        body,
        seconds: options.seconds,
      })
      const measured = await cannon({ url: `${chatUrl}/${call}`, body, seconds: options.seconds })
      const halfRate = await cannon({
        url: `${chatUrl}/${call}`,
        body,
        seconds: options.seconds,
        overallRate: Math.max(1, Math.round(measured.rate / 2)),
      })
      const unit = 'req/s'
      figures.push(
        figure(
          { name: `gms.${call}.rate`, value: measured.rate, unit },
          { name: `node-http.${call}.rate`, value: baseline.rate, unit },
          // docs/benchmarks.md raised refresh to 0.5: it is served from the engine's memory.
          { op: '>=', value: call === 'refresh' ? 0.5 : 0.25 },
        ),
        figure({ name: `gms.${call}.half-rate.p99`, value: halfRate.p99, unit: 'ms' }, null, {
          op: '<=',
          value: 5,
        }),
      )
      // refresh of a chat that sends keeps growing: refresh first, on the short transcript.
    }
    return figures
  } finally {
    await Promise.all([stop(raw.child), server.stop()])
  }
}
