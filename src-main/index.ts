/**
 * The Electron composition root (docs/style.md: composition happens here and in `cli.ts` only). It
 * starts the same server as `switchboard serve` (console listener off unless `--console-port`),
 * hardens the shell, wires the console API to each window over IPC and shuts everything down
 * cleanly on quit. Only this file and `electron/` import electron; the decisions they apply are
 * pure functions tested in plain Node.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  session,
  shell,
  type IpcMainInvokeEvent,
} from 'electron'
import { resolveDataDir } from './config/load-config'
import { parseAppArgs, type AppArgs } from './electron/app-args'
import { registerConsoleIpc } from './electron/console-ipc'
import { ConsoleWindowSessions, isDocumentReplaced } from './electron/console-window-sessions'
import { checkIpcSender } from './electron/ipc-sender'
import {
  checkElectronAddon,
  ELECTRON_SQLITE_ADDON,
  EXIT_START_FAILED,
  EXIT_USE_BROWSER_MODE,
} from './electron/native-binding'
import { rendererLocation } from './electron/renderer-location'
import { guardWebContents, hardenSession } from './electron/shell-security'
import { consoleWindowOptions } from './electron/window-options'
import { createStderrLogger } from './logging'
import { startServer, type RunningServer } from './server'
import { openDatabase } from './store'

/** `out/`: this bundle is `out/main/index.js`, beside `out/preload`, `out/renderer`, `out/native`. */
const OUT_DIR = join(__dirname, '..')
/** A quit that takes longer than this (a stuck listener) exits anyway rather than hang. */
const SHUTDOWN_TIMEOUT_MS = 10_000

const logger = createStderrLogger()
// Set by scripts/start.mjs, which runs browser mode itself when the app exits for it.
const isLaunchedByStart = process.env.SWITCHBOARD_LAUNCHER === 'npm-start'
// A packaged app ignores ELECTRON_RENDERER_URL: no environment variable may point it elsewhere.
const location = rendererLocation(
  join(OUT_DIR, 'renderer', 'index.html'),
  app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
)
const consoleWindowIds = new Set<number>()
let sessions: ConsoleWindowSessions | undefined
let starting: Promise<RunningServer | undefined> | undefined
let unregisterIpc: (() => void) | undefined
/** Set once a quit began: a server that finishes starting after it opens no window. */
let isQuitting = false

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

/** Ends the app before it ran, with one line on stderr (and a dialog when no terminal waits). */
function exitEarly(problem: string, code: number, title: string): void {
  process.stderr.write(`switchboard: ${problem}\n`)
  if (!isLaunchedByStart && app.isReady()) {
    const hint = code === EXIT_USE_BROWSER_MODE ? '\n\n`npm start` runs it in browser mode.' : ''
    dialog.showErrorBox(title, `${problem}${hint}`)
  }
  app.exit(code)
}

async function startApp(): Promise<RunningServer | undefined> {
  hardenSession(session.defaultSession, location, logger)
  let args: AppArgs
  try {
    args = parseAppArgs(process.argv.slice(1))
  } catch (error) {
    exitEarly(messageOf(error), EXIT_START_FAILED, 'Switchboard cannot start')
    return undefined
  }
  const addon = checkElectronAddon(join(OUT_DIR, ELECTRON_SQLITE_ADDON), {
    exists: existsSync,
    open: (path) => openDatabase(':memory:', { nativeBinding: path }).close(),
  })
  if (!addon.isUsable) {
    exitEarly(addon.problem, EXIT_USE_BROWSER_MODE, 'Switchboard cannot open its database')
    return undefined
  }
  let server: RunningServer
  try {
    server = await startServer({
      // The same default as `switchboard serve` (docs/configuration.md), not Electron's userData.
      dataDir: resolveDataDir(args.dataDir),
      configFile: args.config,
      host: args.host,
      gmsPort: args.gmsPort,
      espPort: args.espPort,
      consolePort: args.consolePort,
      logger,
      nativeBinding: addon.path,
    })
  } catch (error) {
    exitEarly(messageOf(error), EXIT_START_FAILED, 'Switchboard cannot start')
    return undefined
  }
  if (isQuitting) return server
  try {
    wireConsole(server)
    openConsoleWindow()
  } catch (error) {
    await server.close()
    throw error
  }
  // The same ready line as `switchboard serve`; scripts/start.mjs waits for it.
  process.stdout.write(`${JSON.stringify(server.ready)}\n`)
  return server
}

/** The console API over IPC: one session per window, every handler behind the one wrapper. */
function wireConsole(server: RunningServer): void {
  const windowSessions = new ConsoleWindowSessions(
    () => server.consoleService.openSession(),
    logger,
  )
  sessions = windowSessions
  unregisterIpc = registerConsoleIpc<IpcMainInvokeEvent>(ipcMain, {
    checkSender: (event) =>
      checkIpcSender(event, { location, isConsoleWindow: (id) => consoleWindowIds.has(id) }),
    sessionFor: (event) => windowSessions.sessionFor(event.sender),
    logger,
  })
}

function openConsoleWindow(): void {
  const window = new BrowserWindow(consoleWindowOptions(join(OUT_DIR, 'preload', 'index.js')))
  const contents = window.webContents
  const contentsId = contents.id
  consoleWindowIds.add(contentsId)
  // The page's session (its signed-in user, its test customer) ends with the page.
  contents.on('did-start-navigation', (details) => {
    if (isDocumentReplaced(details)) sessions?.release(contentsId)
  })
  contents.on('render-process-gone', () => sessions?.release(contentsId))
  contents.once('destroyed', () => {
    consoleWindowIds.delete(contentsId)
    sessions?.release(contentsId)
  })
  window.once('ready-to-show', () => window.show())
  const loaded =
    location.kind === 'dev-server'
      ? window.loadURL(location.url)
      : window.loadFile(location.indexPath)
  loaded.catch((error: unknown) => logger.error('the console page did not load', { error }))
}

async function shutDown(): Promise<void> {
  // From here on Electron itself refuses console calls: no handler, no session.
  unregisterIpc?.()
  const server = await starting?.catch(() => undefined)
  await sessions?.closeAll()
  await server?.close()
}

function focusConsoleWindow(): void {
  const window = BrowserWindow.getAllWindows()[0]
  if (!window) return
  if (window.isMinimized()) window.restore()
  window.focus()
}

if (!app.requestSingleInstanceLock()) {
  // The running instance owns the database and the ports; it shows its window instead.
  process.stderr.write('switchboard: already running; showing its window\n')
  app.exit(0)
} else {
  app.enableSandbox()
  app.on('second-instance', focusConsoleWindow)
  app.on('web-contents-created', (_event, contents) =>
    guardWebContents(contents, { openExternal: (url) => shell.openExternal(url), logger }),
  )

  let isShutDown = false
  app.on('before-quit', (event) => {
    if (isShutDown) return
    event.preventDefault()
    if (isQuitting) return
    isQuitting = true
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        logger.warn('shutdown timed out; quitting anyway', { ms: SHUTDOWN_TIMEOUT_MS })
        resolve()
      }, SHUTDOWN_TIMEOUT_MS)
    })
    void Promise.race([shutDown(), timeout])
      .catch((error: unknown) => logger.error('shutdown failed', { error }))
      .finally(() => {
        clearTimeout(timer)
        isShutDown = true
        app.quit()
      })
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  // Ctrl+C in the terminal, or npm start forwarding a signal: quit through before-quit. `on`,
  // not `once`: the same Ctrl+C may arrive twice (terminal and launcher), and a second signal
  // without a listener would kill the app in the middle of its shutdown.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit())

  void app.whenReady().then(() => {
    starting = startApp().catch((error: unknown) => {
      exitEarly(`the app failed to start: ${messageOf(error)}`, 1, 'Switchboard cannot start')
      return undefined
    })
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0 && sessions) openConsoleWindow()
    })
  })
}
