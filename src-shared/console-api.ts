/**
 * The console API contract, defined once (docs/console-api.md, "Console API"; docs/style.md, "One console API
 * contract"): method names, who may call them and what they answer. This module is zod-free at
 * run time, so the preload and the renderer bundle no schema library; the params schemas live
 * apart, in `console-api-schemas.ts`, which only the main process imports to validate calls.
 * The WebSocket transport, the IPC handlers, the preload and the renderer's `window` typing all
 * derive from this table. See docs/console-api.md.
 */
import type { z } from 'zod'
import type { DashboardUnsubscribed, ExportResult } from './console-api/dashboard'
import type { DASHBOARD_PARAMS } from './console-api/dashboard-params'
import type { ConsoleError } from './console-api/errors'
import type {
  AvailableAgentsResult,
  RaisedHandsPush,
  RaisedHandsResult,
} from './console-api/raised-hands'
import type { StandardResponsesResult } from './console-api/standard-responses'
import type { IdleTimelineResult } from './console-api/idle-timeline'
import type { PARAMS } from './console-api/params'
import type { DashboardSnapshot } from './stats'
import type {
  ActionResult,
  CompareViewsResult,
  EspSendResult,
  ConsolePush,
  LanguagesResult,
  ConsoleRole,
  JoinResult,
  DashboardPush,
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
export * from './console-api/dashboard'
export * from './console-api/raised-hands'
export * from './console-api/standard-responses'
export * from './console-api/errors'
export * from './console-api/esp-composer'
export * from './console-api/idle-timeline'
export * from './console-api/results'
export type { SessionFilters } from './console-api/params'
export type {
  ConsoleRequestFrame,
  ConsoleResponseFrame,
  ConsoleServerFrame,
  RequestId,
} from './console-api/wire'

/** Carries a method's result type in the table; it holds no value at run time. */
export interface Returns<T> {
  readonly resultType?: T
}
const returns = <T>(): Returns<T> => ({})

/** Who may call a method: `anyone` needs no sign-in (the sign-in screen's calls). */
export type MethodAccess = 'anyone' | readonly ConsoleRole[]

/** The params schema of each method, as a type only (its values stay in the main process). */
type ParamSchemas = typeof PARAMS & typeof DASHBOARD_PARAMS

/** A method's entry: its result type (types only) and the roles that may call it. */
export interface MethodSpec<R> {
  result: Returns<R>
  roles: MethodAccess
}

const ANYONE = 'anyone'
const ALL_ROLES = ['agent', 'supervisor'] as const
const AGENT = ['agent'] as const
const SUPERVISOR = ['supervisor'] as const

function method<R>(result: Returns<R>, roles: MethodAccess): MethodSpec<R> {
  return { result, roles }
}

/**
 * Every console method: its result type and the roles that may call it. Its params schema is
 * `PARAMS[name]` (`console-api/params.ts`); the `satisfies` below keeps both tables' names equal.
 * A new method: add its schema to `PARAMS` (or `DASHBOARD_PARAMS`), then its line here.
 */
export const CONSOLE_METHOD_SPECS = {
  listUsers: method(returns<UsersResult>(), ANYONE),
  signIn: method(returns<SignInResult>(), ANYONE),
  listSessions: method(returns<SessionListResult>(), ALL_ROLES),
  getSession: method(returns<SessionResult>(), ALL_ROLES),
  readTranscript: method(returns<TranscriptPage>(), ALL_ROLES),
  accept: method(returns<JoinResult>(), AGENT),
  sendMessage: method(returns<ActionResult>(), ALL_ROLES),
  sendNote: method(returns<ActionResult>(), ALL_ROLES),
  setTyping: method(returns<ActionResult>(), ALL_ROLES),
  pushUrl: method(returns<ActionResult>(), ALL_ROLES),
  leave: method(returns<ActionResult>(), ALL_ROLES),
  closeSession: method(returns<ActionResult>(), ALL_ROLES),
  join: method(returns<JoinResult>(), SUPERVISOR),
  setMode: method(returns<ActionResult>(), SUPERVISOR),
  configureIdle: method(returns<ActionResult>(), SUPERVISOR),
  setLanguage: method(returns<ActionResult>(), SUPERVISOR),
  compareViews: method(returns<CompareViewsResult>(), SUPERVISOR),
  recordScenario: method(returns<RecordScenarioResult>(), ALL_ROLES),
  'testCustomer.start': method(returns<TestCustomerView>(), ALL_ROLES),
  'testCustomer.say': method(returns<TestCustomerView>(), ALL_ROLES),
  'testCustomer.typing': method(returns<TestCustomerView>(), ALL_ROLES),
  'testCustomer.leave': method(returns<TestCustomerView>(), ALL_ROLES),
  'testCustomer.refresh': method(returns<TestCustomerView>(), ALL_ROLES),
  espSend: method(returns<EspSendResult>(), ALL_ROLES),
  idleTimeline: method(returns<IdleTimelineResult>(), ALL_ROLES),
  listLanguages: method(returns<LanguagesResult>(), ALL_ROLES),
  exportTranscript: method(returns<ExportResult>(), ALL_ROLES),
  'dashboard.subscribe': method(returns<DashboardSnapshot>(), SUPERVISOR),
  'dashboard.unsubscribe': method(returns<DashboardUnsubscribed>(), SUPERVISOR),
  raiseHand: method(returns<RaisedHandsResult>(), AGENT),
  lowerHand: method(returns<RaisedHandsResult>(), ALL_ROLES),
  pickUpHand: method(returns<RaisedHandsResult>(), SUPERVISOR),
  listRaisedHands: method(returns<RaisedHandsResult>(), ALL_ROLES),
  standardResponses: method(returns<StandardResponsesResult>(), ALL_ROLES),
  transfer: method(returns<ActionResult>(), ALL_ROLES),
  invite: method(returns<ActionResult>(), ALL_ROLES),
  returnToQueue: method(returns<ActionResult>(), ALL_ROLES),
  listAvailableAgents: method(returns<AvailableAgentsResult>(), ALL_ROLES),
} as const satisfies Record<keyof ParamSchemas, MethodSpec<unknown>>

/** "Save as scenario": the session as a runnable scenario (docs/harness.md, "Record and replay"). */
export interface RecordScenarioResult {
  sessionId: string
  /** A file name to offer: `session-<id>.yaml`. */
  fileName: string
  /** The scenario, as YAML. */
  yaml: string
}

export type ConsoleMethodSpecs = typeof CONSOLE_METHOD_SPECS
export type ConsoleMethodName = keyof ConsoleMethodSpecs

export const CONSOLE_METHOD_NAMES = Object.keys(CONSOLE_METHOD_SPECS) as ConsoleMethodName[]

export function isConsoleMethodName(name: string): name is ConsoleMethodName {
  return Object.hasOwn(CONSOLE_METHOD_SPECS, name)
}

/** The params a caller sends (defaults may be left out). */
export type ConsoleParams<M extends ConsoleMethodName> = z.input<
  ParamSchemas[M & keyof ParamSchemas]
>
/** The params after validation, with defaults filled in: what the main process works with. */
export type ConsoleParsedParams<M extends ConsoleMethodName> = z.output<
  ParamSchemas[M & keyof ParamSchemas]
>
export type ConsoleResult<M extends ConsoleMethodName> =
  ConsoleMethodSpecs[M]['result'] extends Returns<infer R> ? R : never

/** The answer to one call, on both transports: a result or an error, never both. */
export type ConsoleReply<M extends ConsoleMethodName = ConsoleMethodName> =
  { result: ConsoleResult<M> } | { error: ConsoleError }

/** True when `role` may call `name` (an `anyone` method needs no role at all). */
export function isAllowedFor(name: ConsoleMethodName, role: ConsoleRole): boolean {
  const { roles } = CONSOLE_METHOD_SPECS[name]
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
  onDashboard(listener: (push: DashboardPush) => void): Unsubscribe
  onRaisedHands(listener: (push: RaisedHandsPush) => void): Unsubscribe
}

export type { ConsolePush }
