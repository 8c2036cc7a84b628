/**
 * The console API over IPC (docs/console-api.md, "Electron: IPC through the preload"). Every
 * `ipcMain.handle` goes through {@link consoleIpcHandler}, the one wrapper docs/style.md asks for:
 * check the sender, hand the payload to the window's `ConsoleSession` (which validates it
 * against the contract's schema and the caller's role), and map whatever went wrong to a
 * console error. Replies are resolved, never thrown: an `Error` crossing IPC and
 * `contextBridge` loses its `code` and `field`.
 *
 * Electron is injected (`IpcMainLike`), so this file runs in plain Node under test.
 */
import {
  CONSOLE_METHOD_NAMES,
  consoleIpcChannel,
  type ConsoleMethodName,
  type ConsoleReply,
} from '../../src-shared/console-api'
import { toConsoleError } from '../console/console-errors'
import type { Logger } from '../engine/ports'
import type { SenderVerdict } from './ipc-sender'

/** What the wrapper needs of a window's console session (`ConsoleSession` fits). */
export interface ConsoleCallTarget {
  call(method: string, params: unknown): Promise<ConsoleReply>
}

export interface ConsoleIpcDeps<E> {
  /** The sender check, {@link checkIpcSender} bound to the app's windows. */
  checkSender(event: E): SenderVerdict
  /** The session of the sending window: one per `webContents`, opened on first use. */
  sessionFor(event: E): ConsoleCallTarget
  logger: Logger
}

/** The part of Electron's `ipcMain` the wiring uses. */
export interface IpcMainLike<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<unknown>): void
  removeHandler(channel: string): void
}

/** The reply to a call from a sender that failed the check; the details go to the log only. */
export const UNTRUSTED_SENDER_REPLY: ConsoleReply = {
  error: { code: 'forbidden', message: 'This window may not use the console API' },
}

/**
 * The handler of one method's channel. It never throws: the sender is checked first, the
 * session validates the payload, and anything thrown on the way becomes a console error through
 * the same mapping the WebSocket transport uses.
 */
export function consoleIpcHandler<E>(
  method: ConsoleMethodName,
  deps: ConsoleIpcDeps<E>,
): (event: E, ...args: unknown[]) => Promise<ConsoleReply> {
  return async (event, ...args) => {
    try {
      const verdict = deps.checkSender(event)
      if (!verdict.isTrusted) {
        deps.logger.warn('refused a console call over IPC', { method, reason: verdict.reason })
        return UNTRUSTED_SENDER_REPLY
      }
      // The preload sends exactly one params value; anything more is not our preload talking.
      if (args.length > 1) {
        return { error: { code: 'invalid-params', message: 'Send one params object' } }
      }
      return await deps.sessionFor(event).call(method, args[0])
    } catch (error) {
      return { error: toConsoleError(error, method, deps.logger) }
    }
  }
}

/**
 * Handles every console method on its channel (`console:<method>`). Returns the function that
 * removes the handlers again (on quit, so late messages are refused by Electron itself).
 */
export function registerConsoleIpc<E>(
  ipcMain: IpcMainLike<E>,
  deps: ConsoleIpcDeps<E>,
): () => void {
  for (const method of CONSOLE_METHOD_NAMES) {
    ipcMain.handle(consoleIpcChannel(method), consoleIpcHandler(method, deps))
  }
  return () => {
    for (const method of CONSOLE_METHOD_NAMES) ipcMain.removeHandler(consoleIpcChannel(method))
  }
}
