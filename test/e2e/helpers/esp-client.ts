/** An ESP answer (docs/esp.md, "Envelope"): a response or a fault. */
export type EspAnswer =
  | {
      referenceId: number | string | null
      event: 'Event3rdServerResponse'
      result: { sessionId: string; eventIds: number[] }
      ignoredParameters: string[]
    }
  | {
      referenceId: number | string | null
      event: 'Event3rdServerFault'
      fault: { code: string; parameter?: string; text: string }
    }

/** The HTTP form of the ESP listener's URL (`ws://h:p/esp` → `http://h:p/esp`). */
export function espHttpUrl(espUrl: string): string {
  return espUrl.replace(/^ws/, 'http')
}

/**
 * `POST /esp` as a routing strategy would, one request per call. Resolves with the response; a
 * fault rejects, since a test that meant to change a session must not go on as if it had.
 */
export async function espRequest(
  espUrl: string,
  method: 'Message' | 'Notice' | 'IdleControlConfigure' | 'ConfigureSession',
  interactionId: string,
  parameters: Record<string, string>,
): Promise<Extract<EspAnswer, { event: 'Event3rdServerResponse' }>> {
  const response = await fetch(espHttpUrl(espUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ service: 'Chat', method, interactionId, parameters }),
  })
  const answer = (await response.json()) as EspAnswer
  if (answer.event !== 'Event3rdServerResponse') {
    throw new Error(`ESP ${method} refused: ${answer.fault.code}: ${answer.fault.text}`)
  }
  return answer
}
