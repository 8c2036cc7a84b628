/**
 * The connection to the engine, and the one gateway through which every other store calls the
 * console API and hears its pushes (docs/style.md: stores are the only callers of the bridge).
 */
import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { ConsoleMethodName, ConsoleParams, ConsolePush } from '../../../src-shared/console-api'
import type { ClientReply, ConnectionStatus, Unsubscribe } from '../api/bridge'
import { useConsoleClient } from '../api/client-provider'

export const useConnectionStore = defineStore('connection', () => {
  const client = useConsoleClient()
  const status = shallowRef<ConnectionStatus>(client.status)
  /** Set when the connection fails; the next opening is a reconnection. */
  let hasFailed = false
  const reconnectListeners = new Set<() => void>()

  client.onStatus((next) => {
    status.value = next
    if (next.state === 'unreachable') hasFailed = true
    if (next.state !== 'open' || !hasFailed) return
    hasFailed = false
    for (const listener of reconnectListeners) listener()
  })

  const isOpen = computed(() => status.value.state === 'open')
  const isUnreachable = computed(() => status.value.state === 'unreachable')

  /** Calls a console method; failures come back as `{ error }`, never as a throw. */
  function call<M extends ConsoleMethodName>(
    method: M,
    params: ConsoleParams<M>,
  ): Promise<ClientReply<M>> {
    return client.call(method, params)
  }

  function onPush(listener: (push: ConsolePush) => void): Unsubscribe {
    return client.onPush(listener)
  }

  /**
   * Runs `listener` each time the connection opens after a failure: the far end has forgotten
   * the window's user (a new WebSocket is a new console session), and pushes were missed.
   */
  function onReconnect(listener: () => void): Unsubscribe {
    reconnectListeners.add(listener)
    return () => reconnectListeners.delete(listener)
  }

  function retryNow(): void {
    client.retryNow()
  }

  return { status, isOpen, isUnreachable, call, onPush, onReconnect, retryNow }
})
