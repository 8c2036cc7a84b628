/** One entry of `transcriptToShow`: `[type, nickname, text, secondsSinceStart, partyType]`. */
export type GmsEntry = [string, string, string, string, string]

/** The GMS chat object (docs/gms.md, "The chat object"), as far as the tests read it. */
export interface GmsChat {
  chatIxnState: 'TRANSCRIPT' | 'DISCONNECTED'
  chatSessionId: string
  transcriptPosition: number
  transcriptToShow: GmsEntry[]
}

/**
 * A customer's browser talking to the GMS REST API by polling, exactly as docs/gms.md describes it.
 * Every answer body is kept verbatim in `answers`, so a test can check that nothing a customer
 * must not see ever reached the customer's side of the wire.
 */
export class GmsCustomer {
  /** Raw bodies of every GMS answer, in order. */
  readonly answers: string[] = []
  /** Every entry shown so far, in order. */
  readonly entries: GmsEntry[] = []
  private position = 1

  private constructor(
    private readonly gmsUrl: string,
    readonly serviceId: string,
    readonly sessionId: string,
  ) {}

  /** `request-chat`, then `ixn/chat`: the customer waits in the queue. */
  static async start(gmsUrl: string, fields: Record<string, string>): Promise<GmsCustomer> {
    const answers: string[] = []
    const service = await post<{ _id: string }>(
      `${gmsUrl}/genesys/1/service/request-chat`,
      {},
      answers,
    )
    const chat = await post<GmsChat>(
      `${gmsUrl}/genesys/1/service/${service._id}/ixn/chat`,
      fields,
      answers,
    )
    const customer = new GmsCustomer(gmsUrl, service._id, chat.chatSessionId)
    customer.answers.push(...answers)
    customer.take(chat)
    return customer
  }

  /** `refresh` from the current position: returns the new entries. */
  async refresh(): Promise<GmsEntry[]> {
    return this.call('refresh', {})
  }

  /** `send`, from the current position: returns the new entries. */
  async send(message: string): Promise<GmsEntry[]> {
    return this.call('send', { message })
  }

  /** Texts of every message entry shown so far. */
  messageTexts(): string[] {
    return this.entries.filter(([type]) => type === 'Message.Text').map(([, , text]) => text)
  }

  private async call(action: string, fields: Record<string, string>): Promise<GmsEntry[]> {
    const chat = await post<GmsChat>(
      `${this.gmsUrl}/genesys/1/service/${this.serviceId}/ixn/chat/${action}`,
      { ...fields, transcriptPosition: String(this.position) },
      this.answers,
    )
    return this.take(chat)
  }

  private take(chat: GmsChat): GmsEntry[] {
    this.entries.push(...chat.transcriptToShow)
    this.position = chat.transcriptPosition
    return chat.transcriptToShow
  }
}

async function post<T>(url: string, fields: Record<string, string>, answers: string[]): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })
  const body = await response.text()
  answers.push(body)
  if (!response.ok) throw new Error(`GMS ${url} answered ${response.status}: ${body}`)
  return JSON.parse(body) as T
}
