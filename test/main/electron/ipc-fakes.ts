/**
 * Fake Electron IPC events: the shape `checkIpcSender` reads from a real `IpcMainInvokeEvent`.
 */
import type { IpcSenderEvent, SenderPolicy } from '../../../src-main/electron/ipc-sender'
import { rendererLocation } from '../../../src-main/electron/renderer-location'

export const CONSOLE_PAGE = 'file:///app/out/renderer/index.html'
export const CONSOLE_WINDOW_ID = 7

export interface FakeEvent extends IpcSenderEvent {
  readonly sender: { readonly id: number }
}

/** An event from the console window's main frame, with any part replaced. */
export function ipcEvent(
  overrides: { webContentsId?: number; url?: string; parent?: unknown; frame?: null } = {},
): FakeEvent {
  return {
    sender: { id: overrides.webContentsId ?? CONSOLE_WINDOW_ID },
    senderFrame:
      overrides.frame === null
        ? null
        : { url: overrides.url ?? CONSOLE_PAGE, parent: overrides.parent ?? null },
  }
}

export const POLICY: SenderPolicy = {
  location: rendererLocation('/app/out/renderer/index.html'),
  isConsoleWindow: (id) => id === CONSOLE_WINDOW_ID,
}
