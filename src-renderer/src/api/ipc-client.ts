/**
 * The Electron transport: the preload's named functions (`console.signIn(params)`,
 * `console.testCustomer.start(params)`) and its two push subscriptions. IPC has no connection to
 * lose, so the status is always `open`.
 */
import type {
  ConsoleBridge,
  ConsoleMethodName,
  ConsoleParams,
  ConsolePush,
  ConsoleReply,
} from '../../../src-shared/console-api'
import {
  unreachable,
  type ClientReply,
  type ConnectionStatus,
  type ConsoleClient,
  type Unsubscribe,
} from './bridge'

type BridgeFunction<M extends ConsoleMethodName> = (
  params: ConsoleParams<M>,
) => Promise<ConsoleReply<M>>

/**
 * The preload function of a method: `sendMessage` is `bridge.sendMessage`, `testCustomer.say` is
 * `bridge.testCustomer.say`. The contract's mapped type guarantees both exist; the lookup by a
 * computed name is the one place that TypeScript cannot follow, hence the narrow cast.
 */
function bridgeFunction<M extends ConsoleMethodName>(
  bridge: ConsoleBridge,
  method: M,
): BridgeFunction<M> | undefined {
  const [head, tail] = method.split('.') as [string, string | undefined]
  const table = bridge as unknown as Record<string, unknown>
  const owner = tail === undefined ? table : (table[head] as Record<string, unknown> | undefined)
  const candidate = owner?.[tail ?? head]
  return typeof candidate === 'function' ? (candidate as BridgeFunction<M>) : undefined
}

const OPEN: ConnectionStatus = {
  state: 'open',
  retryAt: null,
  failures: 0,
}

/** A client over the preload bridge. */
export function createIpcClient(bridge: ConsoleBridge): ConsoleClient {
  return {
    status: OPEN,
    async call<M extends ConsoleMethodName>(
      method: M,
      params: ConsoleParams<M>,
    ): Promise<ClientReply<M>> {
      const send = bridgeFunction(bridge, method)
      if (!send) return { error: unreachable(`The app does not offer ${method}; restart it.`) }
      try {
        return await send(params)
      } catch (error) {
        // The preload resolves every reply; a rejection means IPC itself failed.
        return { error: unreachable(error instanceof Error ? error.message : String(error)) }
      }
    },
    onPush(listener: (push: ConsolePush) => void): Unsubscribe {
      const offUpdates = bridge.onSessionUpdate(listener)
      const offList = bridge.onSessionListChanged(listener)
      return () => {
        offUpdates()
        offList()
      }
    },
    onStatus(listener: (status: ConnectionStatus) => void): Unsubscribe {
      listener(OPEN)
      return () => {}
    },
    retryNow() {},
    close() {},
  }
}
