/**
 * One console session per window (docs/console-api.md): a `webContents` gets its own
 * `ConsoleSession` on its first call, its pushes are forwarded on `CONSOLE_PUSH_CHANNEL`, and
 * the session is closed when the page goes (reload, navigation, crash, window closed), because
 * the signed-in user and the test customer belong to the page, not to the window frame around
 * it. A reloaded page starts signed out with a fresh session.
 */
import { CONSOLE_PUSH_CHANNEL, type ConsolePush } from '../../src-shared/console-api'
import type { Logger } from '../engine/ports'
import type { ConsoleCallTarget } from './console-ipc'

/** What a window needs of a console session (`ConsoleSession` fits). */
export interface WindowConsoleSession extends ConsoleCallTarget {
  subscribe(listener: (push: ConsolePush) => void): () => void
  close(): Promise<void>
}

/** The part of Electron's `WebContents` the sessions use. */
export interface PushTarget {
  readonly id: number
  isDestroyed(): boolean
  send(channel: string, ...args: unknown[]): void
}

/** The details of Electron's `did-start-navigation` event that matter here. */
export interface NavigationStart {
  isMainFrame: boolean
  isSameDocument: boolean
}

/**
 * True when a navigation replaces the page's document (a reload, or a navigation the guard let
 * through): the old page's session must end. Hash and `pushState` routing keep the document.
 */
export function isDocumentReplaced(navigation: NavigationStart): boolean {
  return navigation.isMainFrame && !navigation.isSameDocument
}

interface OpenWindow {
  session: WindowConsoleSession
  unsubscribe: () => void
}

/** The console sessions of every window of the app, keyed by `webContents` id. */
export class ConsoleWindowSessions {
  private readonly windows = new Map<number, OpenWindow>()
  private readonly closing = new Set<Promise<void>>()

  constructor(
    private readonly openSession: () => WindowConsoleSession,
    private readonly logger: Logger,
  ) {}

  /** The session of `contents`, opened (and its pushes wired) on first use. */
  sessionFor(contents: PushTarget): WindowConsoleSession {
    const open = this.windows.get(contents.id)
    if (open) return open.session
    const session = this.openSession()
    const unsubscribe = session.subscribe((push) => this.forward(contents, push))
    this.windows.set(contents.id, { session, unsubscribe })
    return session
  }

  /** True while `contents` has an open session. */
  has(contentsId: number): boolean {
    return this.windows.has(contentsId)
  }

  /** Ends the session of a page that is gone; the next call from that window opens a new one. */
  release(contentsId: number): void {
    const open = this.windows.get(contentsId)
    if (!open) return
    this.windows.delete(contentsId)
    open.unsubscribe()
    const closed = open.session
      .close()
      .catch((error: unknown) => this.logger.warn('a console session did not close', { error }))
      .finally(() => this.closing.delete(closed))
    this.closing.add(closed)
  }

  /** Ends every session and waits until all have closed (their test customers have left). */
  async closeAll(): Promise<void> {
    for (const contentsId of [...this.windows.keys()]) this.release(contentsId)
    await Promise.all(this.closing)
  }

  private forward(contents: PushTarget, push: ConsolePush): void {
    // A push can race the window's teardown; sending to a destroyed webContents throws.
    if (contents.isDestroyed()) return
    try {
      contents.send(CONSOLE_PUSH_CHANNEL, push)
    } catch (error) {
      this.logger.warn('a console push could not be sent', { error })
    }
  }
}
