/**
 * `npm run bench [-- --quick]`: every figure of docs/benchmarks.md that exists so far, each
 * beside a baseline measured in this same run. Needs `npm run build` first (the ESP figures run
 * the built `switchboard serve` in a second process).
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { benchCapacity } from './capacity'
import { benchCometdDelivery } from './cometd-delivery'
import { benchConsoleTranscript } from './console-transcript'
import { benchDashboardRefresh } from './dashboard-refresh'
import { benchDurability } from './durability'
import { benchEspRoundTrip } from './esp-roundtrip'
import { benchGmsRate } from './gms-rate'
import { benchCometdV2Delivery, benchGmsV2Rate } from './gms-v2'
import { benchHarnessRate } from './harness-rate'
import { benchIdleBurst } from './idle-burst'
import { formatFigure, writeResults, type Figure } from './report'
import { benchStoreAppend } from './store-append'

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
})
const quick = values.quick
/** `--only gms,store`: rerun some benches (names as printed: `bench: gms...`). */
const only = values.only?.split(',').map((name) => name.trim())

const benches: { name: string; run: () => Promise<Figure[]> }[] = [
  {
    name: 'esp',
    run: () => benchEspRoundTrip({ rate: 500, sessions: 1000, seconds: quick ? 6 : 20 }),
  },
  { name: 'store', run: () => benchStoreAppend({ events: quick ? 20_000 : 100_000 }) },
  { name: 'idle', run: () => benchIdleBurst({ sessions: 10_000, closing: 1_000 }) },
  { name: 'gms', run: () => benchGmsRate({ seconds: quick ? 3 : 10 }) },
  {
    name: 'cometd',
    run: () => benchCometdDelivery({ clients: 100, rate: 100, seconds: quick ? 5 : 20 }),
  },
  { name: 'gms-v2', run: () => benchGmsV2Rate({ seconds: quick ? 3 : 10 }) },
  {
    name: 'cometd-v2',
    run: () => benchCometdV2Delivery({ clients: 100, rate: 100, seconds: quick ? 5 : 20 }),
  },
  { name: 'durability', run: () => benchDurability({ rounds: quick ? 30 : 100 }) },
  {
    name: 'capacity',
    run: () =>
      benchCapacity({
        sessions: 5_000,
        espRate: 500,
        churnRate: 100,
        pollers: 200,
        seconds: quick ? 5 : 20,
      }),
  },
  { name: 'harness', run: () => benchHarnessRate({ scenarios: 100 }) },
  {
    name: 'console',
    run: () =>
      benchConsoleTranscript({
        largeEvents: 100_000,
        smallEvents: 1_000,
        repeats: quick ? 3 : 7,
        appends: quick ? 30 : 50,
        appendEveryMs: 200,
      }),
  },
  {
    name: 'dashboard',
    run: () => benchDashboardRefresh({ sessions: 100_000, repeats: quick ? 5 : 20 }),
  },
]

async function main(): Promise<void> {
  const figures: Figure[] = []
  const unknown = only?.filter((name) => !benches.some((bench) => bench.name === name)) ?? []
  if (unknown.length > 0) {
    throw new Error(
      `unknown bench ${unknown.join(', ')}; known: ${benches.map((b) => b.name).join(', ')}`,
    )
  }
  for (const bench of benches.filter((b) => !only || only.includes(b.name))) {
    process.stderr.write(`bench: ${bench.name}...\n`)
    for (const result of await bench.run()) {
      figures.push(result)
      process.stdout.write(`${formatFigure(result)}\n`)
    }
  }
  process.stderr.write(
    `bench: results written to ${writeResults(figures, join(__dirname, '..'))}\n`,
  )
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exitCode = 1
})
