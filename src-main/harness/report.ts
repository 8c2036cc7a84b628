/**
 * What a failed scenario prints: the step and its line, expected and actual, and the session as
 * the customer, the agent and the supervisor saw it at that moment, so the reader needs no
 * debugger to see what went wrong.
 */
import { formatDuration } from './durations'
import type { ScenarioWorld } from './scenario-world'
import type { TraceRecord } from './strategy-trace'
import { traceLine } from './strategy-trace'
import { consoleView, gmsItems, type Item, type ViewRead } from './views'
import { basename } from 'node:path'

const pad = (text: string, width: number) => text.padEnd(width)

function gmsLine(item: Item): string {
  const at = pad(`${item.at}s`, 6)
  return `${at} ${pad(String(item.type), 20)} ${item.nickname} (${item.partyType}): ${item.text}`
}

function eventLine(item: Item): string {
  const head = `#${pad(String(item.eventId), 4)} ${pad(`${item.at}s`, 6)} ${pad(String(item.type), 14)}`
  const who = `${pad(String(item.visibility), 3)} ${item.nickname} (${item.partyType})`
  const what = [
    item.noticeType,
    item.mode,
    item.reasonCode === undefined ? undefined : `code ${item.reasonCode}`,
    item.type === 'session-closed' ? item.reason : undefined,
  ].filter((part) => part !== undefined && part !== null)
  const detail = what.length > 0 ? ` ${what.join(' ')}` : ''
  const text = typeof item.text === 'string' && item.text !== '' ? `: ${item.text}` : ''
  return `${head} ${who}${detail}${text}`
}

function viewLines(title: string, view: ViewRead, line: (item: Item) => string): string[] {
  if (!view.ok) return [`${title}: cannot read (${view.error})`]
  if (view.items.length === 0) return [`${title}: nothing`]
  return [`${title}:`, ...view.items.map((item) => `  ${line(item)}`)]
}

/**
 * Customers GMS no longer serves, and what follows: without polls the server removes them for
 * protocol inactivity (party-left code 3) after `flex-disconnect-timeout`.
 */
function goneCustomers(world: ScenarioWorld): string[] {
  const flex = world.scenario.config.gms.flexDisconnectTimeoutSeconds
  const startedAt = world.clock.now() - world.elapsed
  return [...world.customers.values()].flatMap((customer) =>
    customer.gone
      ? [
          `customer ${customer.id} stopped polling at T+${formatDuration(customer.gone.at - startedAt)}: ${customer.gone.reason}; the server removes it ${flex}s after its last poll (party-left code 3)`,
        ]
      : [],
  )
}

/** The session and the three views, at this moment; never throws (it reports a failure). */
export async function describeMoment(world: ScenarioWorld): Promise<string[]> {
  const at = `at T+${formatDuration(world.elapsed)}`
  let sessionId: string
  try {
    sessionId = world.sessionId()
  } catch {
    return [`${at}: no session yet`]
  }
  const summary = world.server.engine.getSession(sessionId, 'supervisor')
  const idle = summary?.idleStatus
  const deadline =
    idle?.deadline == null ? '' : ` due in ${formatDuration(idle.deadline - world.clock.now())}`
  const state = summary?.closeReason ? `${summary.state} (${summary.closeReason})` : summary?.state
  const lines = [`${at} · session ${sessionId} · ${state} · idle ${idle?.phase ?? '?'}${deadline}`]
  lines.push(...goneCustomers(world))
  const customer = world.customer()
  await customer.catchUp().catch(() => undefined)
  const customerView: ViewRead = { ok: true, items: gmsItems(customer.entries) }
  const who = customer.id === 'customer' ? 'customer' : `customer ${customer.id}`
  lines.push(...viewLines(`${who} sees (GMS)`, customerView, gmsLine))
  for (const role of ['agent', 'supervisor'] as const) {
    try {
      const fallback = world.consoles.userId(role)
      const userId = role === 'agent' ? (world.agentOfSession.get(sessionId) ?? fallback) : fallback
      const view = await consoleView(world, userId, sessionId)
      lines.push(...viewLines(`${role} ${userId} sees (console)`, view, eventLine))
    } catch (error) {
      lines.push(`${role}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  return lines
}

/** Trace lines a report prints at most: the last ones, where the failure is. */
const MAX_TRACE_LINES = 200

/**
 * What the strategies did and heard (strategy-trace.ts), one line each:
 * `  12s S000000000000001 greeting.ts → Message {"MessageText":"Hi"}`.
 */
export function traceLines(records: readonly TraceRecord[], startedAt: number): string[] {
  if (records.length === 0) return []
  const shown = records.slice(-MAX_TRACE_LINES)
  const hidden = records.length - shown.length
  return [
    `strategy trace${hidden > 0 ? ` (last ${shown.length} of ${records.length})` : ''}:`,
    ...shown.map(
      (record) =>
        `  ${pad(formatDuration(record.time - startedAt), 7)}${record.sessionId} ${basename(record.strategy)} ${traceLine(record)}`,
    ),
  ]
}
