/**
 * The `window` typing of what the preload exposes, derived from the contract (no hand-written
 * twin): `window.switchboard.console` is the contract's `ConsoleBridge`. It is absent in browser
 * mode, where the WebSocket client is used instead.
 */
import type { ConsoleBridge } from '../../../src-shared/console-api'

/** What `contextBridge.exposeInMainWorld('switchboard', ...)` provides. */
export interface SwitchboardPreload {
  platform?: string
  console?: ConsoleBridge
}

declare global {
  interface Window {
    switchboard?: SwitchboardPreload
  }
}
