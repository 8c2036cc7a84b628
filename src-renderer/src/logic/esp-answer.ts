/**
 * How the ESP composer shows what ESP answered: a response (the events it appended, the keys it
 * ignored) or a fault (code, the parameter at fault, ESP's sentence), and the exchange as sent.
 */
import type { EspSendResult } from '../../../src-shared/console-api/results'

/** The answer, flattened for the result panel; `event` is the panel's `data-event`. */
export type EspAnswerView =
  | {
      event: 'response'
      /** ESP's event name, shown as the panel's title. */
      name: 'Event3rdServerResponse'
      eventIds: number[]
      ignoredParameters: string[]
      elapsedMs: number
    }
  | {
      event: 'fault'
      name: 'Event3rdServerFault'
      code: string
      parameter: string | null
      text: string
      ignoredParameters: string[]
      elapsedMs: number
    }

export function espAnswerView(result: EspSendResult): EspAnswerView {
  const { answer, elapsedMs } = result
  if (answer.event === 'Event3rdServerResponse') {
    return {
      event: 'response',
      name: answer.event,
      eventIds: answer.result.eventIds,
      ignoredParameters: answer.ignoredParameters,
      elapsedMs,
    }
  }
  return {
    event: 'fault',
    name: answer.event,
    code: answer.fault.code,
    parameter: answer.fault.parameter ?? null,
    text: answer.fault.text,
    ignoredParameters: answer.ignoredParameters ?? [],
    elapsedMs,
  }
}

/** The request envelope as sent and the answer as received, as indented JSON. */
export function exchangeJson(result: EspSendResult): { request: string; answer: string } {
  return {
    request: JSON.stringify(result.request, null, 2),
    answer: JSON.stringify(result.answer, null, 2),
  }
}
