/**
 * The console API contract, defined once (console.md, "Console API"; style.md, "One console API
 * contract"). The main process validates every call against `CONSOLE_METHODS`; the WebSocket
 * transport, the IPC handlers, the preload and the renderer's `window` typing all derive from it.
 * See docs/console-api.md.
 */
import type { z } from 'zod'
import type { ConsoleError } from './console-api/errors'
import type { IdleTimelineResult } from './console-api/idle-timeline'
import { PARAMS } from './console-api/params'
import type {
  ActionResult,
  CompareViewsResult,
  EspSendResult,
  ConsolePush,
  LanguagesResult,
  ConsoleRole,
  JoinResult,
  SessionListChangedPush,
  SessionListResult,
  SessionResult,
  SessionUpdatePush,
  SignInResult,
  TestCustomerView,
  TranscriptPage,
  UsersResult,
} from './console-api/results'

export * from './console-api/constants'
export * from './console-api/errors'
export * from './console-api/esp-composer'
export * from './console-api/idle-timeline'
export * from './console-api/params'
export * from './console-api/results'
export * from './console-api/wire'

/** Carries a method's result type in the table; it holds no value at run time. */
export interface Returns<T> {
  readonly resultType?: T
}
const returns = <T>(): Returns<T> => ({})

/** Who may call a method: `anyone` needs no sign-in (the sign-in screen's calls). */
export type MethodAccess = 'anyone' | readonly ConsoleRole[]

export interface MethodSpec<P extends z.ZodType, R> {
  params: P
  result: Returns<R>
  roles: MethodAccess
}

const ANYONE = 'anyone'
const ALL_ROLES = ['agent', 'supervisor'] as const
const AGENT = ['agent'] as const
const SUPERVISOR = ['supervisor'] as const

function method<P extends z.ZodType, R>(
  params: P,
  result: Returns<R>,
  roles: MethodAccess,
): MethodSpec<P, R> {
  return { params, result, roles }
}

/** Every console method: its params schema, its result type and the roles that may call it. */
export const CONSOLE_METHODS = {
  listUsers: method(PARAMS.listUsers, returns<UsersResult>(), ANYONE),
  signIn: method(PARAMS.signIn, returns<SignInResult>(), ANYONE),
  listSessions: method(PARAMS.listSessions, returns<SessionListResult>(), ALL_ROLES),
  getSession: method(PARAMS.getSession, returns<SessionResult>(), ALL_ROLES),
  readTranscript: method(PARAMS.readTranscript, returns<TranscriptPage>(), ALL_ROLES),
  accept: method(PARAMS.accept, returns<JoinResult>(), AGENT),
  sendMessage: method(PARAMS.sendMessage, returns<ActionResult>(), ALL_ROLES),
  sendNote: method(PARAMS.sendNote, returns<ActionResult>(), ALL_ROLES),
  setTyping: method(PARAMS.setTyping, returns<ActionResult>(), ALL_ROLES),
  pushUrl: method(PARAMS.pushUrl, returns<ActionResult>(), ALL_ROLES),
  leave: method(PARAMS.leave, returns<ActionResult>(), ALL_ROLES),
  closeSession: method(PARAMS.closeSession, returns<ActionResult>(), ALL_ROLES),
  join: method(PARAMS.join, returns<JoinResult>(), SUPERVISOR),
  setMode: method(PARAMS.setMode, returns<ActionResult>(), SUPERVISOR),
  configureIdle: method(PARAMS.configureIdle, returns<ActionResult>(), SUPERVISOR),
  setLanguage: method(PARAMS.setLanguage, returns<ActionResult>(), SUPERVISOR),
  compareViews: method(PARAMS.compareViews, returns<CompareViewsResult>(), SUPERVISOR),
  recordScenario: method(PARAMS.recordScenario, returns<RecordScenarioResult>(), ALL_ROLES),
  'testCustomer.start': method(
    PARAMS['testCustomer.start'],
    returns<TestCustomerView>(),
    ALL_ROLES,
  ),
  'testCustomer.say': method(PARAMS['testCustomer.say'], returns<TestCustomerView>(), ALL_ROLES),
  'testCustomer.typing': method(
    PARAMS['testCustomer.typing'],
    returns<TestCustomerView>(),
    ALL_ROLES,
  ),
  'testCustomer.leave': method(
    PARAMS['testCustomer.leave'],
    returns<TestCustomerView>(),
    ALL_ROLES,
  ),
  'testCustomer.refresh': method(
    PARAMS['testCustomer.refresh'],
    returns<TestCustomerView>(),
    ALL_ROLES,
  ),
  espSend: method(PARAMS.espSend, returns<EspSendResult>(), ALL_ROLES),
  idleTimeline: method(PARAMS.idleTimeline, returns<IdleTimelineResult>(), ALL_ROLES),
  listLanguages: method(PARAMS.listLanguages, returns<LanguagesResult>(), ALL_ROLES),
} as const

/** "Save as scenario": the session as a runnable scenario (harness.md, "Record and replay"). */
export interface RecordScenarioResult {
  sessionId: string
  /** A file name to offer: `session-<id>.yaml`. */
  fileName: string
  /** The scenario, as YAML. */
  yaml: string
}

export type ConsoleMethods = typeof CONSOLE_METHODS
export type ConsoleMethodName = keyof ConsoleMethods

export const CONSOLE_METHOD_NAMES = Object.keys(CONSOLE_METHODS) as ConsoleMethodName[]

export function isConsoleMethodName(name: string): name is ConsoleMethodName {
  return Object.hasOwn(CONSOLE_METHODS, name)
}

/** The params a caller sends (defaults may be left out). */
export type ConsoleParams<M extends ConsoleMethodName> = z.input<ConsoleMethods[M]['params']>
/** The params after validation, with defaults filled in: what the main process works with. */
export type ConsoleParsedParams<M extends ConsoleMethodName> = z.output<ConsoleMethods[M]['params']>
export type ConsoleResult<M extends ConsoleMethodName> =
  ConsoleMethods[M]['result'] extends Returns<infer R> ? R : never

/** The answer to one call, on both transports: a result or an error, never both. */
export type ConsoleReply<M extends ConsoleMethodName = ConsoleMethodName> =
  { result: ConsoleResult<M> } | { error: ConsoleError }

/** True when `role` may call `name` (an `anyone` method needs no role at all). */
export function isAllowedFor(name: ConsoleMethodName, role: ConsoleRole): boolean {
  const { roles } = CONSOLE_METHODS[name]
  return roles === ANYONE || roles.includes(role)
}

// ---- the Electron bridge: derived, never hand-written ----------------------------------------

/** IPC channel of a method (`ipcMain.handle`); its reply is a {@link ConsoleReply}. */
export const consoleIpcChannel = (name: ConsoleMethodName): string => `console:${name}`
/** IPC channel the main process sends {@link ConsolePush} messages on. */
export const CONSOLE_PUSH_CHANNEL = 'console:push'

type ConsoleFunction<M extends ConsoleMethodName> = (
  params: ConsoleParams<M>,
) => Promise<ConsoleReply<M>>
type Unsubscribe = () => void
type TopLevelName = Exclude<ConsoleMethodName, `${string}.${string}`>
type NamespacedName = Extract<ConsoleMethodName, `${string}.${string}`>
type NamespaceOf<M> = M extends `${infer N}.${string}` ? N : never

/**
 * What the preload exposes as `window.switchboard.console`: one named function per method
 * (`testCustomer.start` becomes `testCustomer.start(...)`) resolving to its reply, and one
 * subscription per push that returns its unsubscribe function.
 */
export type ConsoleBridge = { [M in TopLevelName]: ConsoleFunction<M> } & {
  [N in NamespaceOf<NamespacedName>]: {
    [M in NamespacedName as M extends `${N}.${infer F}` ? F : never]: ConsoleFunction<M>
  }
} & {
  onSessionUpdate(listener: (push: SessionUpdatePush) => void): Unsubscribe
  onSessionListChanged(listener: (push: SessionListChangedPush) => void): Unsubscribe
}

export type { ConsolePush }
