/**
 * Who may call the console API over IPC (docs/console-api.md, "Security": IPC senders checked). A
 * message is trusted only when it comes from the main frame of one of the app's own console
 * windows while that frame shows the app's own page: not from a frame inside it, not from a
 * DevTools or other window, and not after the window was somehow navigated elsewhere.
 */
import { isRendererPage, type RendererLocation } from './renderer-location'

/**
 * The parts of Electron's `IpcMainInvokeEvent` the check reads; the real event fits this shape,
 * and tests pass plain objects.
 */
export interface IpcSenderEvent {
  readonly sender: { readonly id: number }
  /** Null when the frame navigated away or was destroyed before the message was handled. */
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null
}

export interface SenderPolicy {
  location: RendererLocation
  /** True for the `webContents` id of a console window this app opened. */
  isConsoleWindow(webContentsId: number): boolean
}

export type SenderVerdict = { isTrusted: true } | { isTrusted: false; reason: string }

/** Checks one IPC message's sender; the reason is for the log, never for the renderer. */
export function checkIpcSender(event: IpcSenderEvent, policy: SenderPolicy): SenderVerdict {
  if (!policy.isConsoleWindow(event.sender.id)) {
    return { isTrusted: false, reason: `webContents ${event.sender.id} is not a console window` }
  }
  const frame = event.senderFrame
  if (frame === null) return { isTrusted: false, reason: 'the sending frame is gone' }
  if (frame.parent !== null) return { isTrusted: false, reason: 'the sender is a subframe' }
  if (!isRendererPage(frame.url, policy.location)) {
    return { isTrusted: false, reason: `the sending page ${frame.url} is not the console` }
  }
  return { isTrusted: true }
}
