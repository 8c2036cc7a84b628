/**
 * A console client for store tests: answers from per-method handlers, records every call, and
 * lets the test push messages and change the connection status.
 */
import { createPinia, setActivePinia } from 'pinia'
import type {
  ConsoleMethodName,
  ConsoleParams,
  ConsolePush,
  ConsoleResult,
} from '../../src-shared/console-api'
import type { IdleTimelineResult } from '../../src-shared/console-api/idle-timeline'
import type { ChatEvent, SessionSummary } from '../../src-shared/domain'
import { DEFAULT_IDLE_SETTINGS } from '../../src-shared/idle-settings'
import type {
  ClientError,
  ClientReply,
  ConnectionStatus,
  ConsoleClient,
} from '../../src-renderer/src/api/bridge'
import { provideConsoleClient } from '../../src-renderer/src/api/client-provider'

type Handler<M extends ConsoleMethodName> = (
  params: ConsoleParams<M>,
) => ClientReply<M> | Promise<ClientReply<M>>

export interface RecordedCall {
  method: ConsoleMethodName
  params: unknown
}

export class FakeConsoleClient implements ConsoleClient {
  status: ConnectionStatus = { state: 'open', retryAt: null, failures: 0 }
  readonly calls: RecordedCall[] = []
  private readonly handlers = new Map<ConsoleMethodName, Handler<ConsoleMethodName>>()
  private readonly pushListeners = new Set<(push: ConsolePush) => void>()
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>()

  /** Answers `method` with `handler` from now on. */
  on<M extends ConsoleMethodName>(method: M, handler: Handler<M>): this {
    this.handlers.set(method, handler as unknown as Handler<ConsoleMethodName>)
    return this
  }

  /** Answers `method` with a fixed result. */
  answer<M extends ConsoleMethodName>(method: M, result: ConsoleResult<M>): this {
    return this.on(method, () => ({ result }))
  }

  /** Refuses `method` with an error. */
  refuse<M extends ConsoleMethodName>(method: M, error: ClientError): this {
    return this.on(method, () => ({ error }))
  }

  async call<M extends ConsoleMethodName>(
    method: M,
    params: ConsoleParams<M>,
  ): Promise<ClientReply<M>> {
    this.calls.push({ method, params })
    const handler = this.handlers.get(method) as Handler<M> | undefined
    if (!handler) return { error: { code: 'internal-error', message: `no handler for ${method}` } }
    return handler(params)
  }

  callsOf(method: ConsoleMethodName): unknown[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.params)
  }

  onPush(listener: (push: ConsolePush) => void): () => void {
    this.pushListeners.add(listener)
    return () => this.pushListeners.delete(listener)
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener)
    return () => this.statusListeners.delete(listener)
  }

  push(push: ConsolePush): void {
    for (const listener of this.pushListeners) listener(push)
  }

  setStatus(status: Partial<ConnectionStatus>): void {
    this.status = { ...this.status, ...status }
    for (const listener of this.statusListeners) listener(this.status)
  }

  retryNow(): void {}
  close(): void {}
}

/** A fresh Pinia and a fresh fake client that every store will use. */
export function freshStores(): FakeConsoleClient {
  const client = new FakeConsoleClient()
  provideConsoleClient(client)
  setActivePinia(createPinia())
  return client
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

export const SESSION_ID = 'S000000000000001'

export function message(
  eventId: number,
  text = `message ${eventId}`,
  overrides: Partial<ChatEvent> = {},
): ChatEvent {
  return {
    sessionId: SESSION_ID,
    eventId,
    time: 1_700_000_000_000 + eventId * 1000,
    timeShift: eventId,
    partyId: 'CLIENTPARTY00001',
    visibility: 'ALL',
    type: 'message',
    text,
    ...overrides,
  } as ChatEvent
}

export function summary(overrides: Partial<SessionSummary> = {}): SessionSummary {
  return {
    sessionId: SESSION_ID,
    application: 'ChatServer',
    endpoint: 'gms_builtin',
    state: 'active',
    startedAt: '2025-01-01T10:00:00.000Z',
    closedAt: null,
    closeReason: null,
    language: { code: 'en-US', name: 'English' },
    userData: { FirstName: 'Ann', LastName: 'Lee' },
    idleControl: { ...DEFAULT_IDLE_SETTINGS },
    idleStatus: { phase: 'off', deadline: null, phaseStartedAt: null },
    parties: [
      { partyId: 'CLIENTPARTY00001', nickname: 'Ann', type: 'CLIENT', isPresent: true },
      { partyId: 'SYSTEMPARTY00001', nickname: 'system', type: 'SYSTEM', isPresent: true },
    ],
    lastEventId: 0,
    ...overrides,
  }
}

/** An idle timeline of the test session: idle control on, waiting for the first alert. */
export function idleTimelineResult(
  overrides: Partial<IdleTimelineResult> = {},
): IdleTimelineResult {
  const start = 1_700_000_000_000
  return {
    sessionId: SESSION_ID,
    serverTime: start + 10_000,
    status: { phase: 'alert', deadline: start + 255_000, phaseStartedAt: start },
    settings: { ...DEFAULT_IDLE_SETTINGS, enabled: true },
    entries: [],
    droppedEntries: 0,
    lastSettingsChange: null,
    ...overrides,
  }
}
