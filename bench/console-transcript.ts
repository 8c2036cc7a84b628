/**
 * console.transcript.open.ratio / .dom-nodes / .append.p99: the console in Chromium against a
 * `switchboard serve` in another process, with one 100,000-event session and one 1,000-event
 * session seeded over ESP (a WebSocket, many requests in flight, the rate limit raised for it).
 *
 * - open: a supervisor clicks the session's row; measured in the page, from the click to the end
 *   of the first painted frame that shows the newest event (bench/console-transcript-page.mjs).
 *   Each open is in a fresh browser context, so no transcript is cached; the median of
 *   `repeats` opens per size. The 1k figure is the baseline, the target the ratio.
 * - dom-nodes: elements under the transcript container with the 100k session open, the largest
 *   count seen at the bottom and after scrolling up through three older pages.
 * - append.p99: with the 100k session open at the bottom, a workflow posts a message every
 *   `appendEveryMs`; from the push frame's arrival in the page to the end of the first painted
 *   frame that shows it.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import WebSocket from 'ws'
import { launchChromium } from '../test/e2e/helpers/browser'
import { openConsole } from '../test/e2e/helpers/console-page'
import { espRequest } from '../test/e2e/helpers/esp-client'
import { startSwitchboard } from '../test/e2e/helpers/switchboard'
import { createSessionOver } from '../test/helpers/server-process'
import { figure, percentile, type Figure } from './report'

export interface ConsoleTranscriptOptions {
  /** Events of the long session (the figure is defined at 100,000). */
  largeEvents: number
  /** Events of the baseline session (1,000). */
  smallEvents: number
  /** Opens per session size; the median counts. */
  repeats: number
  /** Live messages appended while the long session is open. */
  appends: number
  /** Pace of those messages (a chat's messages are seconds apart; this is faster). */
  appendEveryMs: number
}

/** What bench/console-transcript-page.mjs puts on `window`. */
interface BenchWindow {
  __switchboardBench: {
    arrivals: Map<number, number>
    painted: Map<number, number>
    frames: Map<number, number>
    open(sessionId: string, lastEventId: number): Promise<number>
    domNodes(): number
    scrollOlder(): Promise<number>
  }
}

interface Seeded {
  sessionId: string
  lastEventId: number
}

const PAGE_SCRIPT = readFileSync(join(__dirname, 'console-transcript-page.mjs'), 'utf8')

/** ESP's per-caller rate limit would hold seeding to 2,000 requests/s; this run lifts it. */
const CONFIG = 'esp:\n  rate-limit: 1000000\n  burst: 10000000\n'
const IN_FLIGHT = 500

/** A varied transcript: workflow messages, internal notes, supervisor-only hints, links. */
function seedRequest(sessionId: string, index: number): object {
  const base = { referenceId: index, service: 'Chat', interactionId: sessionId }
  const kind = index % 10
  if (kind === 9) {
    return {
      ...base,
      method: 'Notice',
      parameters: { NoticeType: 'USER_PUSHED_URL', NoticeText: `https://example.com/${index}` },
    }
  }
  const visibility = kind === 3 ? 'INT' : kind === 7 ? 'VIP' : 'ALL'
  const long = kind === 4 ? ' This one is longer, so that it wraps onto a second line.' : ''
  return {
    ...base,
    method: 'Message',
    parameters: {
      MessageText: `Seeded message ${index}.${long}`,
      Nickname: kind % 2 === 0 ? 'workflow' : 'assistant',
      Visibility: visibility,
    },
  }
}

/** Sends `count` ESP requests into one session, `IN_FLIGHT` at a time; the last event id. */
async function seedOverEsp(espUrl: string, sessionId: string, count: number): Promise<number> {
  const socket = new WebSocket(espUrl)
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
  let sent = 0
  let answered = 0
  let lastEventId = 0
  await new Promise<void>((resolve, reject) => {
    const sendMore = () => {
      while (sent < count && sent - answered < IN_FLIGHT) {
        sent += 1
        socket.send(JSON.stringify(seedRequest(sessionId, sent)))
      }
    }
    socket.on('message', (data: Buffer) => {
      const answer = JSON.parse(data.toString()) as {
        result?: { eventIds: number[] }
        fault?: { code: string; text: string }
      }
      if (!answer.result) return reject(new Error(`seeding refused: ${answer.fault?.text}`))
      lastEventId = Math.max(lastEventId, ...answer.result.eventIds)
      answered += 1
      if (answered === count) resolve()
      else sendMore()
    })
    sendMore()
  })
  socket.close()
  return lastEventId
}

async function seedSession(espUrl: string, events: number, name: string): Promise<Seeded> {
  const sessionId = await createSessionOver(espUrl, {
    FirstName: name,
    Subject: `${events} events`,
  })
  return { sessionId, lastEventId: await seedOverEsp(espUrl, sessionId, events) }
}

function bench(page: Page) {
  return {
    open: ({ sessionId, lastEventId }: Seeded) =>
      page.evaluate(
        ([id, last]) =>
          (window as unknown as BenchWindow).__switchboardBench.open(id as string, last as number),
        [sessionId, lastEventId],
      ),
    domNodes: () =>
      page.evaluate(() => (window as unknown as BenchWindow).__switchboardBench.domNodes()),
    scrollOlder: () =>
      page.evaluate(() => (window as unknown as BenchWindow).__switchboardBench.scrollOlder()),
    appendDelay: async (n: number) => {
      await page.waitForFunction(
        (index) => (window as unknown as BenchWindow).__switchboardBench.painted.has(index),
        n,
        { polling: 10 },
      )
      return page.evaluate((index) => {
        const { arrivals, painted, frames } = (window as unknown as BenchWindow).__switchboardBench
        return { ms: painted.get(index)! - arrivals.get(index)!, frames: frames.get(index)! }
      }, n)
    },
  }
}

/** A fresh supervisor window with both sessions listed. */
async function supervisorWindow(browser: Browser, consoleUrl: string, sessions: Seeded[]) {
  const supervisor = await openConsole(browser, consoleUrl, 'supervisor1', {
    initScript: PAGE_SCRIPT,
  })
  supervisor.context.setDefaultTimeout(60_000)
  for (const { sessionId } of sessions) {
    await supervisor.page
      .locator(`[data-testid="session-item"][data-session-id="${sessionId}"]`)
      .waitFor()
  }
  return supervisor
}

async function timeOpen(browser: Browser, consoleUrl: string, session: Seeded, all: Seeded[]) {
  const supervisor = await supervisorWindow(browser, consoleUrl, all)
  try {
    return await bench(supervisor.page).open(session)
  } finally {
    await supervisor.context.close()
  }
}

function fmt(samples: number[]): string {
  return samples.map((sample) => sample.toFixed(1)).join('/')
}

function median(samples: number[]): number {
  return percentile(samples, 50)
}

export async function benchConsoleTranscript(options: ConsoleTranscriptOptions): Promise<Figure[]> {
  const server = await startSwitchboard(CONFIG)
  let browser: Browser | undefined
  try {
    const seedingStarted = performance.now()
    const small = await seedSession(server.espUrl, options.smallEvents, 'Small')
    const large = await seedSession(server.espUrl, options.largeEvents, 'Large')
    const seedingSeconds = (performance.now() - seedingStarted) / 1000
    process.stderr.write(
      `console: seeded ${large.lastEventId} + ${small.lastEventId} events over ESP in ${seedingSeconds.toFixed(1)} s\n`,
    )
    const sessions = [small, large]
    browser = await launchChromium()

    await timeOpen(browser, server.consoleUrl, small, sessions) // warm-up, not counted
    const opens = { small: [] as number[], large: [] as number[] }
    for (let repeat = 0; repeat < options.repeats; repeat += 1) {
      // Alternate the order so neither size always runs on a warmer (or busier) machine.
      const order = repeat % 2 === 0 ? (['small', 'large'] as const) : (['large', 'small'] as const)
      for (const size of order) {
        opens[size].push(
          await timeOpen(browser, server.consoleUrl, size === 'small' ? small : large, sessions),
        )
      }
    }

    const supervisor = await supervisorWindow(browser, server.consoleUrl, sessions)
    const page = bench(supervisor.page)
    await page.open(large)
    const nodes = [await page.domNodes()]
    const delays: number[] = []
    const frameCounts: number[] = []
    for (let n = 1; n <= options.appends; n += 1) {
      const due = Date.now() + options.appendEveryMs
      await espRequest(server.espUrl, 'Message', large.sessionId, {
        MessageText: `bench-append-${n} live message`,
        Nickname: 'workflow',
      })
      const { ms, frames } = await page.appendDelay(n)
      delays.push(ms)
      frameCounts.push(frames)
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())))
    }
    nodes.push(await page.domNodes())
    for (let pageUp = 0; pageUp < 3; pageUp += 1) {
      await page.scrollOlder()
      nodes.push(await page.domNodes())
    }

    process.stderr.write(
      `console: opens 1k ${fmt(opens.small)} ms, 100k ${fmt(opens.large)} ms; ` +
        `appends p50 ${fmt([percentile(delays, 50)])} max ${fmt([Math.max(...delays)])} ms; ` +
        `nodes ${nodes.join(', ')}\n`,
    )
    return [
      figure(
        { name: 'console.transcript.open.ratio', value: median(opens.large), unit: 'ms' },
        { name: 'console.transcript.open.1k', value: median(opens.small), unit: 'ms' },
        { op: '<=', value: 1.5 },
      ),
      figure(
        { name: 'console.transcript.dom-nodes', value: Math.max(...nodes), unit: 'nodes' },
        null,
        { op: '<=', value: 1400 },
      ),
      figure(
        { name: 'console.transcript.append.p99', value: percentile(delays, 99), unit: 'ms' },
        null,
        { op: '<=', value: 16.7 },
      ),
      // The delay above includes the wait for the next vsync, up to a frame by itself; this says
      // whether the item was on screen in the first frame painted after the push arrived.
      figure(
        {
          name: 'console.transcript.append.frames.p99',
          value: percentile(frameCounts, 99),
          unit: 'frames',
        },
        null,
        { op: '<=', value: 1 },
      ),
    ]
  } finally {
    await browser?.close()
    await server.stop()
  }
}
