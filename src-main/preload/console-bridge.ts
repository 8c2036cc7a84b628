/**
 * Builds `window.switchboard.console` from the contract (docs/console-api.md, "Electron: IPC
 * through the preload"): one named function per method of `CONSOLE_METHOD_NAMES` (dotted names
 * become namespaces: `testCustomer.start`), and one subscription per push that returns its
 * unsubscribe function. There is no generic `invoke(channel)`: each function can reach only its
 * own channel. The transport is injected so that tests build the bridge without Electron.
 */
import {
  CONSOLE_METHOD_NAMES,
  consoleIpcChannel,
  type ConsoleBridge,
  type ConsolePush,
  type ConsolePushName,
} from '../../src-shared/console-api'

/** What the bridge needs of `ipcRenderer`, never handed to the page itself. */
export interface BridgeTransport {
  invoke(channel: string, params: unknown): Promise<unknown>
  /** Calls `listener` with each push (only the push: never the IPC event); returns the undo. */
  onPush(listener: (push: ConsolePush) => void): () => void
}

type SubscriptionName = Extract<keyof ConsoleBridge, `on${string}`>

/** Each subscription of the bridge and the push it delivers. */
export const PUSH_SUBSCRIPTIONS: Readonly<Record<SubscriptionName, ConsolePushName>> = {
  onSessionUpdate: 'session-update',
  onSessionListChanged: 'session-list-changed',
  onDashboard: 'dashboard',
  onRaisedHands: 'raised-hands',
}

type Callable = (...args: never[]) => unknown
type BridgeObject = { [name: string]: Callable | BridgeObject }

/** The bridge over `transport`, typed by the contract's `ConsoleBridge`. */
export function buildConsoleBridge(transport: BridgeTransport): ConsoleBridge {
  const bridge: BridgeObject = {}
  for (const method of CONSOLE_METHOD_NAMES) {
    const channel = consoleIpcChannel(method)
    // One argument only, whatever the page passes: the main process refuses extra ones.
    const call = (params: unknown) => transport.invoke(channel, params)
    const [namespace = method, name] = method.split('.')
    if (name === undefined) {
      bridge[method] = call
    } else {
      const group = (bridge[namespace] ??= {})
      if (typeof group === 'function') throw new Error(`${namespace} is both a method and a group`)
      group[name] = call
    }
  }
  for (const [subscription, pushName] of Object.entries(PUSH_SUBSCRIPTIONS)) {
    bridge[subscription] = (listener: (push: ConsolePush) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${subscription} needs a function`)
      return transport.onPush((push) => {
        if (push.push === pushName) listener(push)
      })
    }
  }
  // Safe: the loops above give every name of the contract's method table a function of its
  // channel, and every subscription of ConsoleBridge its push; the test pins the shape.
  return bridge as unknown as ConsoleBridge
}
