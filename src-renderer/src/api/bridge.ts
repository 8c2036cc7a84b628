/**
 * The renderer's one way to the console API, whatever carries it (docs/style.md, "One console API
 * contract"): in Electron the preload's `window.switchboard.console` (typed `ConsoleBridge` from
 * the contract), in browser mode a WebSocket to `/console/ws` on the page's own origin. Stores
 * call it through the connection store; components never do.
 */
import type {
  ConsoleError,
  ConsoleMethodName,
  ConsoleParams,
  ConsolePush,
  ConsoleResult,
} from '../../../src-shared/console-api'
import { CONSOLE_WS_PATH } from '../../../src-shared/console-api/constants'
import { createIpcClient } from './ipc-client'
import { createSocketClient } from './socket-client'

/** Code of the one error the transport itself reports: no answer could be had from the engine. */
export const UNREACHABLE = 'engine-unreachable'

/** The engine could not be asked (no connection, or it dropped before the answer came). */
export interface UnreachableError {
  code: typeof UNREACHABLE
  message: string
  field?: undefined
}

/** What a store sees on failure: the contract's error, or the transport's own. */
export type ClientError = ConsoleError | UnreachableError

/** A method's answer as the renderer receives it: a result or an error, never both. */
export type ClientReply<M extends ConsoleMethodName> =
  { result: ConsoleResult<M>; error?: undefined } | { result?: undefined; error: ClientError }

/** `connecting`: first attempt; `open`: calls go through; `unreachable`: waiting to retry. */
export type ConnectionState = 'connecting' | 'open' | 'unreachable'

export interface ConnectionStatus {
  state: ConnectionState
  /** Local time (ms) of the next attempt while unreachable; null otherwise. */
  retryAt: number | null
  /** Failed attempts since the connection was last open. */
  failures: number
}

export type Unsubscribe = () => void

/** The transport-agnostic console client. */
export interface ConsoleClient {
  call<M extends ConsoleMethodName>(method: M, params: ConsoleParams<M>): Promise<ClientReply<M>>
  onPush(listener: (push: ConsolePush) => void): Unsubscribe
  onStatus(listener: (status: ConnectionStatus) => void): Unsubscribe
  readonly status: ConnectionStatus
  /** Tries to connect again at once (the user pressed "Retry now"). */
  retryNow(): void
  close(): void
}

/** The `UnreachableError` with a sentence. */
export function unreachable(message: string): UnreachableError {
  return { code: UNREACHABLE, message }
}

/** The console WebSocket URL of a page served by the console listener. */
export function consoleSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${location.host}${CONSOLE_WS_PATH}`
}

/**
 * Reads the per-run token from the address (`?token=...`) and removes it from the address bar
 * and history, as docs/console-api.md asks. The server has set its cookie by now; the token is
 * kept in memory only so that reconnects still work if the cookie is refused.
 */
export function takeTokenFromAddress(): string | undefined {
  const url = new URL(window.location.href)
  const token = url.searchParams.get('token') ?? undefined
  if (token !== undefined) {
    url.searchParams.delete('token')
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash)
  }
  return token
}

/** The client for this window: IPC when the preload offers the console, else the WebSocket. */
export function createConsoleClient(): ConsoleClient {
  const bridge = window.switchboard?.console
  if (bridge) return createIpcClient(bridge)
  const token = takeTokenFromAddress()
  const base = consoleSocketUrl(window.location)
  const url = token === undefined ? base : `${base}?token=${encodeURIComponent(token)}`
  return createSocketClient({ url })
}
