/**
 * Builds a `ChatEngine` for tests: a virtual clock, sequential ids and a real SQLite store (in
 * memory unless a file is given), with a test configuration whose languages exercise every
 * fallback of the idle texts.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChatEvent, IdleSettings, Role } from '../../src-shared/domain'
import { DEFAULT_IDLE_SETTINGS } from '../../src-shared/idle-settings'
import type { ApplicationConfig, EngineLimits } from '../../src-main/engine/application-config'
import { ChatEngine } from '../../src-main/engine/chat-engine'
import { VirtualClock } from '../../src-main/engine/clock'
import { SequentialIdSource } from '../../src-main/engine/ids'
import type { Logger } from '../../src-main/engine/ports'
import { openStore } from '../../src-main/store'
import type { SqliteDatabase, SqlitePersistence } from '../../src-main/store'

/** Application-level idle texts: what a language without its own texts falls back to. */
export const APP_TEXTS = {
  messageAlert: 'App alert: closing soon',
  messageAlert2: 'App alert 2: closing very soon',
  messageClose: 'App close: closed for inactivity',
} as const

/** French defines its first alert and its close, not the second alert (per-text fallback). */
export const FRENCH_TEXTS = {
  messageAlert: 'Alerte : fermeture bientôt',
  messageClose: 'Fermée pour inactivité',
} as const

/** The default application: en-US (default, no own texts), fr-FR (own texts), de-DE (none). */
export function testApplication(overrides: Partial<ApplicationConfig> = {}): ApplicationConfig {
  return {
    name: 'ChatServer',
    endpoints: ['gms_builtin', 'vip_queue'],
    idleDefaults: { ...DEFAULT_IDLE_SETTINGS, ...APP_TEXTS, enabled: true },
    defaultLanguage: 'en-US',
    languages: [
      { code: 'en-US', name: 'English' },
      { code: 'fr-FR', name: 'Français', ...FRENCH_TEXTS },
      { code: 'de-DE', name: 'Deutsch' },
    ],
    systemNickname: 'system',
    ...overrides,
  }
}

/** A second application with its own endpoint and no languages. */
export function otherApplication(): ApplicationConfig {
  return {
    name: 'OtherServer',
    endpoints: ['other_queue'],
    idleDefaults: { ...DEFAULT_IDLE_SETTINGS },
    defaultLanguage: null,
    languages: [],
    systemNickname: 'bot-server',
  }
}

export interface TestEngineOptions {
  /** Idle defaults of the default application, over the test ones (enabled, 255/0/45 s). */
  idle?: Partial<IdleSettings>
  applications?: ApplicationConfig[]
  /** A database file (for restart tests); `:memory:` when absent. */
  databasePath?: string
  /** 0 commits every batch in the store's writer thread (a database file only). */
  maxItemsOnMainThread?: number
  clock?: VirtualClock
  ids?: SequentialIdSource
  limits?: EngineLimits
  logger?: Logger
}

export interface TestEngine {
  engine: ChatEngine
  clock: VirtualClock
  ids: SequentialIdSource
  persistence: SqlitePersistence
  /** The store's connection, for readers beside the engine (the dashboard's statistics). */
  db: SqliteDatabase
  /** Moves the virtual clock, then waits until every event it caused is committed. */
  advance(milliseconds: number): Promise<void>
  /** Stops the engine's timers and closes the store. */
  close(): Promise<void>
}

/** An engine on a virtual clock and a real store; close it with `close()`. */
export function createTestEngine(options: TestEngineOptions = {}): TestEngine {
  const clock = options.clock ?? new VirtualClock()
  const ids = options.ids ?? new SequentialIdSource()
  const { persistence, db } = openStore(options.databasePath ?? ':memory:', {
    maxItemsOnMainThread: options.maxItemsOnMainThread,
  })
  const applications = options.applications ?? [
    testApplication({
      idleDefaults: { ...testApplication().idleDefaults, ...options.idle },
    }),
  ]
  const engine = new ChatEngine({
    applications,
    persistence,
    clock,
    ids,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  })
  return {
    engine,
    clock,
    ids,
    persistence,
    db,
    async advance(milliseconds) {
      clock.advanceBy(milliseconds)
      await engine.flush()
    },
    async close() {
      await engine.shutdown()
      persistence.close()
      await persistence.closed
    },
  }
}

/** A customer starts a chat (queued), as GMS would. */
export async function startChat(
  engine: ChatEngine,
  userData: Record<string, string> = {},
  customerNickname = 'Ann',
): Promise<{ sessionId: string; customerPartyId: string }> {
  const { sessionId, customerPartyId } = await engine.createSession({ customerNickname, userData })
  return { sessionId, customerPartyId }
}

/** A customer's chat that an agent accepted (active): the idle timers run from now. */
export async function startActiveChat(
  engine: ChatEngine,
  userData: Record<string, string> = {},
): Promise<{ sessionId: string; customerPartyId: string; agentPartyId: string }> {
  const chat = await startChat(engine, userData)
  const { partyId } = await engine.joinAgent(chat.sessionId, {
    userId: 'agent1',
    nickname: 'Alex',
  })
  return { ...chat, agentPartyId: partyId }
}

/**
 * Agent messages sent in one tick, so that the store commits them in one batch; the settled
 * status of each, in order.
 */
export async function sendInOneBatch(
  engine: ChatEngine,
  sends: readonly [chat: { sessionId: string; agentPartyId: string }, text: string][],
): Promise<PromiseSettledResult<unknown>['status'][]> {
  const results = await Promise.allSettled(
    sends.map(([chat, text]) =>
      engine.send(chat.sessionId, {
        partyId: chat.agentPartyId,
        content: { kind: 'message', text },
      }),
    ),
  )
  return results.map((result) => result.status)
}

/** The texts of a session's messages, as a supervisor reads them. */
export function messageTexts(engine: ChatEngine, sessionId: string): string[] {
  return transcript(engine, sessionId, 'supervisor').flatMap((event) =>
    event.type === 'message' ? [event.text] : [],
  )
}

/** The whole transcript as `role` reads it. */
export function transcript(engine: ChatEngine, sessionId: string, role: Role): ChatEvent[] {
  return engine.readTranscript(sessionId, role).events
}

/** The notices of a type in the supervisor's (complete) transcript. */
export function noticesOf(
  engine: ChatEngine,
  sessionId: string,
  noticeType: string,
): Extract<ChatEvent, { type: 'notice' }>[] {
  return transcript(engine, sessionId, 'supervisor').filter(
    (event): event is Extract<ChatEvent, { type: 'notice' }> =>
      event.type === 'notice' && event.noticeType === noticeType,
  )
}

/** A fresh temporary directory per call, removed by the returned cleanup. */
export function makeTempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'switchboard-engine-'))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

/** Seconds to milliseconds, so timeouts in tests read as in the spec. */
export const seconds = (value: number): number => value * 1000
