/**
 * A stand-in for the `electron` module, just wide enough to run the built Electron main
 * (`out/main/index.js`) in plain Node: the real binary cannot be downloaded here, and the
 * composition root is worth running all the same. It records what the app asked of Electron
 * (windows, IPC handlers, session hooks, exit code) for the test to inspect and drive.
 */
import { EventEmitter } from 'node:events'

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>
type Hook = (...args: unknown[]) => unknown

export class FakeWebContents extends EventEmitter {
  static nextId = 1
  readonly id = FakeWebContents.nextId++
  readonly sent: unknown[][] = []
  isGone = false
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined

  isDestroyed(): boolean {
    return this.isGone
  }
  send(...args: unknown[]): void {
    this.sent.push(args)
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
  getURL(): string {
    return ''
  }
}

export interface FakeElectron {
  module: Record<string, unknown>
  windows: { options: Record<string, unknown>; webContents: FakeWebContents; loaded?: string }[]
  handlers: Map<string, Handler>
  sessionHooks: Map<string, Hook>
  externalUrls: string[]
  errorBoxes: string[]
  /** The code passed to `app.exit`, once called. */
  exitCode: Promise<number>
  /** Resolves when the app has really quit (a `quit()` that no `before-quit` prevented). */
  hasQuit: Promise<void>
  quit(): void
}

/** A fresh fake; `userData` is what `app.getPath('userData')` answers. */
export function createFakeElectron(userData: string): FakeElectron {
  const appEvents = new EventEmitter()
  const handlers = new Map<string, Handler>()
  const sessionHooks = new Map<string, Hook>()
  const windows: FakeElectron['windows'] = []
  const externalUrls: string[] = []
  const errorBoxes: string[] = []
  let exit: (code: number) => void = () => {}
  const exitCode = new Promise<number>((resolve) => (exit = resolve))
  let quitted: () => void = () => {}
  const hasQuit = new Promise<void>((resolve) => (quitted = resolve))

  const quit = () => {
    let isPrevented = false
    appEvents.emit('before-quit', { preventDefault: () => (isPrevented = true) })
    if (!isPrevented) quitted()
  }
  const app = {
    isPackaged: false,
    requestSingleInstanceLock: () => true,
    enableSandbox: () => {},
    isReady: () => true,
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => {
      if (name !== 'userData') throw new Error(`unexpected getPath(${name})`)
      return userData
    },
    on: (event: string, listener: (...args: unknown[]) => void) => appEvents.on(event, listener),
    quit,
    exit: (code: number) => exit(code),
  }
  class BrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents()
    constructor(readonly options: Record<string, unknown>) {
      super()
      const record: FakeElectron['windows'][number] = { options, webContents: this.webContents }
      windows.push(record)
      appEvents.emit('web-contents-created', {}, this.webContents)
    }
    static getAllWindows = () => windows.map((window) => window.webContents)
    loadFile(path: string) {
      const record = windows.find((window) => window.webContents === this.webContents)
      if (record) record.loaded = path
      return Promise.resolve()
    }
    loadURL(url: string) {
      return this.loadFile(url)
    }
    show() {}
  }
  const hook = (name: string) => (listener: Hook) => sessionHooks.set(name, listener)
  const defaultSession = {
    setPermissionRequestHandler: hook('permissionRequest'),
    setPermissionCheckHandler: hook('permissionCheck'),
    setDevicePermissionHandler: hook('devicePermission'),
    webRequest: { onBeforeRequest: hook('beforeRequest'), onHeadersReceived: hook('headers') },
  }
  const module = {
    app,
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    session: { defaultSession },
    shell: { openExternal: async (url: string) => void externalUrls.push(url) },
    dialog: { showErrorBox: (title: string, text: string) => errorBoxes.push(`${title}: ${text}`) },
  }
  return {
    module,
    windows,
    handlers,
    sessionHooks,
    externalUrls,
    errorBoxes,
    exitCode,
    hasQuit,
    quit,
  }
}
