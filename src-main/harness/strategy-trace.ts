/**
 * What a strategy did and heard, one record at a time: each ESP request and its answer, its
 * `log()` lines and the events of its feed. The harness prints them when a scenario fails, in
 * `--junit` output and in `--trace FILE` (docs/harness.md, "Traces"); `serve` records none.
 */
import type { EspAnswer, EspParameterValues } from './esp-client'
import type { StrategyEvent } from './strategy-api'

/** What every record says: when (engine clock, UTC ms), which session, which strategy. */
interface TraceBase {
  time: number
  sessionId: string
  /** Absolute path of the strategy module. */
  strategy: string
}

/** One thing a strategy did or heard. */
export type TraceRecord = TraceBase &
  (
    | { kind: 'request'; method: string; parameters: EspParameterValues }
    | { kind: 'answer'; method: string; answer: EspAnswer }
    | { kind: 'unreachable'; method: string; error: string }
    | { kind: 'log'; message: string; fields?: Record<string, unknown> }
    | { kind: 'event'; event: StrategyEvent }
  )

/** Receives each record as it happens. */
export type TraceListener = (record: TraceRecord) => void

const json = (value: unknown) => JSON.stringify(value)

function eventSummary(event: StrategyEvent): string {
  switch (event.type) {
    case 'message':
      return `message ${event.visibility} ${event.from.nickname} (${event.from.type}): ${event.text}`
    case 'joined':
      return `joined ${event.party.nickname} (${event.party.type})`
    case 'left':
      return `left ${event.party.nickname} (${event.party.type}) code ${event.reasonCode}`
    case 'typing':
      return `typing ${event.isTyping ? 'started' : 'stopped'} ${event.party.nickname}`
    case 'idle-alert':
      return `idle-alert: ${event.text}`
    case 'notice':
      return `notice ${event.noticeType} ${event.party.nickname}${event.text ? `: ${event.text}` : ''}`
    case 'closed':
      return `closed (${event.reason})`
  }
}

/** One line for a terminal: `→ Message {"MessageText":"Hi"}`, `← Event3rdServerResponse`. */
export function traceLine(record: TraceRecord): string {
  switch (record.kind) {
    case 'request':
      return `→ ${record.method} ${json(record.parameters)}`
    case 'answer': {
      const { answer } = record
      if (answer.event === 'Event3rdServerFault') {
        const parameter = answer.fault.parameter ? ` (${answer.fault.parameter})` : ''
        return `← ${record.method}: fault ${answer.fault.code}${parameter}: ${answer.fault.text}`
      }
      const ignored = answer.ignoredParameters?.length
        ? ` ignored ${json(answer.ignoredParameters)}`
        : ''
      return `← ${record.method}: ${answer.event}${ignored}`
    }
    case 'unreachable':
      return `← ${record.method}: unreachable: ${record.error}`
    case 'log':
      return `log: ${record.message}${record.fields ? ` ${json(record.fields)}` : ''}`
    case 'event':
      return `event #${record.event.eventId} ${eventSummary(record.event)}`
  }
}
