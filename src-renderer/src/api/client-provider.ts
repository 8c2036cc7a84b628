/**
 * Which console client the stores use. The app takes the default (IPC or WebSocket); tests give
 * a fake one before the first store is created.
 */
import { createConsoleClient, type ConsoleClient } from './bridge'

let current: ConsoleClient | undefined

/** Makes `client` the one every store uses from now on. */
export function provideConsoleClient(client: ConsoleClient): void {
  current = client
}

/** The client the stores use, created on first use. */
export function useConsoleClient(): ConsoleClient {
  current ??= createConsoleClient()
  return current
}
