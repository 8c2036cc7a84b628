/**
 * A real GMS listener on port 0 over a test engine (virtual clock, in-memory SQLite store), and
 * small HTTP helpers that speak to it the way a customer's client does: forms over fetch.
 */
import { afterEach } from 'vitest'
import type { EngineLimits } from '../../../src-main/engine/application-config'
import type { Logger } from '../../../src-main/engine/ports'
import { startGmsListener, type GmsListener } from '../../../src-main/gms/gms-listener'
import type { GmsServiceSettings } from '../../../src-main/gms/gms-options'
import { createTestEngine, type TestEngine } from '../../helpers/engine'

/** A chat object as a test reads it back from JSON. */
export interface ChatAnswer {
  chatIxnState: string
  chatSessionId: string
  startedAt: string
  transcriptPosition: number
  chatServiceMessage: string
  transcriptToShow: [string, string, string, string, string][]
  [key: string]: unknown
}

export interface HttpAnswer<Body = Record<string, unknown>> {
  status: number
  headers: Headers
  body: Body
}

export type FormInput = Record<string, string> | URLSearchParams | FormData | string

export interface GmsKitOptions {
  services?: Record<string, GmsServiceSettings>
  flexDisconnectTimeoutSeconds?: number
  limits?: EngineLimits
  maxBodyBytes?: number
  corsAllowedOrigins?: string[]
  maxPendingServices?: number
  maxUserDataBytes?: number
}

export interface GmsKit extends TestEngine {
  listener: GmsListener
  url: string
  /** Errors the listener logged: a test that expects none asserts it is empty. */
  loggedErrors: unknown[]
  post<Body = Record<string, unknown>>(
    path: string,
    form?: FormInput,
    headers?: Record<string, string>,
  ): Promise<HttpAnswer<Body>>
  /** Creates a `request-chat` service and returns its id. */
  createService(form?: Record<string, string>): Promise<string>
  /** Starts the chat on a new service; returns the service id and the first answer. */
  startChat(
    form?: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<{ serviceId: string; chat: ChatAnswer }>
  chatCall(
    serviceId: string,
    call: string,
    form?: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<HttpAnswer<ChatAnswer>>
}

export const DEFAULT_SERVICES: Record<string, GmsServiceSettings> = {
  'request-chat': {
    ttlSeconds: 3600,
    chatEndpoint: 'gms_builtin',
    chat400OnDisconnected: false,
    application: 'ChatServer',
  },
}

const kits: GmsKit[] = []
afterEach(async () => {
  for (const kit of kits.splice(0)) {
    await kit.listener.close()
    await kit.close()
  }
})

/** Starts a listener for one test; it is closed after the test. */
export async function startGmsKit(options: GmsKitOptions = {}): Promise<GmsKit> {
  const testEngine = createTestEngine({
    idle: { enabled: false },
    ...(options.limits ? { limits: options.limits } : {}),
  })
  const loggedErrors: unknown[] = []
  const logger: Logger = {
    info() {},
    warn() {},
    error: (message, fields) => loggedErrors.push({ message, ...fields }),
  }
  const listener = await startGmsListener({
    engine: testEngine.engine,
    clock: testEngine.clock,
    host: '127.0.0.1',
    port: 0,
    services: options.services ?? DEFAULT_SERVICES,
    flexDisconnectTimeoutSeconds: options.flexDisconnectTimeoutSeconds ?? 45,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
    ...(options.corsAllowedOrigins ? { corsAllowedOrigins: options.corsAllowedOrigins } : {}),
    ...(options.maxPendingServices ? { maxPendingServices: options.maxPendingServices } : {}),
    ...(options.maxUserDataBytes ? { maxUserDataBytes: options.maxUserDataBytes } : {}),
    logger,
  })
  const kit = withHelpers({ ...testEngine, listener, url: listener.url, loggedErrors })
  kits.push(kit)
  return kit
}

function withHelpers(base: Omit<GmsKit, 'post' | 'createService' | 'startChat' | 'chatCall'>) {
  const post = async <Body>(path: string, form?: FormInput, headers: Record<string, string> = {}) =>
    postForm<Body>(`${base.url}${path}`, form, headers)
  const kit: GmsKit = {
    ...base,
    post,
    async createService(form = {}) {
      const answer = await post<{ _id: string }>('/genesys/1/service/request-chat', form)
      if (answer.status !== 200) throw new Error(`create service: ${JSON.stringify(answer.body)}`)
      return answer.body._id
    },
    async startChat(form = { firstName: 'Ann', lastName: 'Lee' }, headers = {}) {
      const serviceId = await kit.createService()
      const answer = await post<ChatAnswer>(chatPath(serviceId), form, headers)
      if (answer.status !== 200) throw new Error(`start chat: ${JSON.stringify(answer.body)}`)
      return { serviceId, chat: answer.body }
    },
    chatCall: (serviceId, call, form = {}, headers = {}) =>
      post<ChatAnswer>(`${chatPath(serviceId)}/${call}`, form, headers),
  }
  return kit
}

export function chatPath(serviceId: string): string {
  return `/genesys/1/service/${serviceId}/ixn/chat`
}

/** POSTs a form: url-encoded for records and strings, multipart for `FormData`. */
export async function postForm<Body>(
  url: string,
  form: FormInput | undefined,
  headers: Record<string, string>,
): Promise<HttpAnswer<Body>> {
  const body =
    form === undefined || typeof form === 'string' || form instanceof FormData
      ? form
      : new URLSearchParams(form)
  const contentType: Record<string, string> =
    typeof form === 'string' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...contentType, ...headers },
    ...(body === undefined ? {} : { body }),
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: parseJson(text) as Body }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return { text }
  }
}

/** The entries of a chat answer without their time offsets, for order-and-content checks. */
export function entriesOf(chat: ChatAnswer): [string, string, string, string][] {
  return chat.transcriptToShow.map(([type, nickname, text, , partyType]) => [
    type,
    nickname,
    text,
    partyType,
  ])
}
