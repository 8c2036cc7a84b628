/**
 * The built Electron main (`out/main/index.js`, from `npm run build`) run in plain Node against
 * a fake `electron` module: the composition root's wiring (addon check, server, window, IPC,
 * guards, shutdown) without the Electron binary, which cannot be downloaded here. The app is
 * copied to a temporary `out/` so that its `out/native/electron` can hold an addon — the Node
 * build, which is the one that loads under Node.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  CONSOLE_METHOD_NAMES,
  CONSOLE_PUSH_CHANNEL,
  consoleIpcChannel,
} from '../../../src-shared/console-api'
import { CONSOLE_CSP } from '../../../src-main/electron/content-security-policy'
import { EXIT_USE_BROWSER_MODE } from '../../../src-main/electron/native-binding'
import { createFakeElectron, type FakeElectron } from './fake-electron'

const ROOT = join(__dirname, '../../..')
const NODE_ADDON = join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')
const requireHere = createRequire(import.meta.url)

interface Launched {
  dir: string
  fake: FakeElectron
  stdout: string[]
  stderr: string[]
}

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
})

/** A copy of the built main in a temporary project, with or without an Electron addon. */
function stage(withAddon: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-electron-main-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  cpSync(join(ROOT, 'out/main'), join(dir, 'out/main'), { recursive: true })
  symlinkSync(join(ROOT, 'resources'), join(dir, 'resources'))
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
  if (withAddon) {
    mkdirSync(join(dir, 'out/native/electron'), { recursive: true })
    cpSync(NODE_ADDON, join(dir, 'out/native/electron/better_sqlite3.node'))
  }
  return dir
}

/** Loads the staged main with the fake electron, capturing what it writes. */
function launch(dir: string, args: string[]): Launched {
  const fake = createFakeElectron(join(dir, 'user-data'))
  const electronPath = requireHere.resolve('electron')
  const electronModule = new Module(electronPath)
  electronModule.exports = fake.module
  electronModule.loaded = true
  requireHere.cache[electronPath] = electronModule
  const stdout: string[] = []
  const stderr: string[] = []
  const capture = (lines: string[]) => (chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean))
    return true
  }
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation(capture(stdout))
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation(capture(stderr))
  const signalListeners = new Map(
    (['SIGINT', 'SIGTERM'] as const).map((signal) => [signal, process.listeners(signal)]),
  )
  const argv = process.argv
  vi.stubEnv('SWITCHBOARD_DATA_DIR', '')
  // The default data directory, the same as `switchboard serve`'s (never the user's real one).
  vi.stubEnv('XDG_DATA_HOME', join(dir, 'xdg-data'))
  vi.stubEnv('SWITCHBOARD_LAUNCHER', '')
  vi.stubEnv('ELECTRON_RENDERER_URL', '')
  process.argv = [process.execPath, '.', ...args]
  cleanups.push(() => {
    process.argv = argv
    outSpy.mockRestore()
    errSpy.mockRestore()
    vi.unstubAllEnvs()
    for (const [signal, before] of signalListeners) {
      for (const listener of process.listeners(signal)) {
        if (!before.includes(listener)) process.off(signal, listener)
      }
    }
    for (const key of Object.keys(requireHere.cache)) {
      if (key === electronPath || key.startsWith(dir)) delete requireHere.cache[key]
    }
  })
  requireHere(join(dir, 'out/main/index.js'))
  return { dir, fake, stdout, stderr }
}

async function readyLine(app: Launched): Promise<Record<string, unknown>> {
  await vi.waitFor(() => expect(app.stdout.some((line) => line.includes('"ready"'))).toBe(true), {
    timeout: 15_000,
  })
  return JSON.parse(app.stdout.find((line) => line.includes('"ready"')) ?? '{}')
}

describe('the built Electron main', () => {
  beforeAll(() => {
    const main = join(ROOT, 'out/main/index.js')
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`)
  })

  it('exits for browser mode, naming the command, when the Electron addon is missing', async () => {
    const app = launch(stage(false), [])
    expect(await app.fake.exitCode).toBe(EXIT_USE_BROWSER_MODE)
    expect(app.stderr).toEqual([
      expect.stringMatching(
        /^switchboard: the SQLite addon for Electron is missing \(.*better_sqlite3\.node\); build it with `npm run rebuild:electron`/,
      ),
    ])
    expect(app.fake.errorBoxes).toEqual([
      expect.stringContaining('`npm start` runs it in browser mode'),
    ])
    expect(app.fake.windows).toEqual([])
    expect(app.fake.handlers.size).toBe(0)
  })

  it('serves the console over IPC to its window, guarded, and shuts down on quit', async () => {
    const dir = stage(true)
    const app = launch(dir, ['--esp-port', '0', '--gms-port', '0'])
    const ready = await readyLine(app)
    // Not Electron's userData: one default for the window, browser mode and serve.
    expect(ready).toMatchObject({ event: 'ready', dataDir: join(dir, 'xdg-data', 'switchboard') })
    expect(ready).not.toHaveProperty('console')

    const [window] = app.fake.windows
    expect(window?.options).toMatchObject({
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false },
    })
    expect(window?.options.webPreferences).toMatchObject({
      preload: join(dir, 'out/preload/index.js'),
    })
    expect(window?.loaded).toBe(join(dir, 'out/renderer/index.html'))
    expect([...app.fake.handlers.keys()].sort()).toEqual(
      CONSOLE_METHOD_NAMES.map(consoleIpcChannel).sort(),
    )

    const contents = window!.webContents
    const page = pathToFileURL(join(dir, 'out/renderer/index.html')).href
    const from = (url: string) => ({ sender: contents, senderFrame: { url, parent: null } })
    const invoke = (method: string, params: unknown, url = page) =>
      app.fake.handlers.get(`console:${method}`)!(from(url), params)

    expect(await invoke('listUsers', {})).toMatchObject({
      result: { users: expect.arrayContaining([expect.objectContaining({ id: 'agent1' })]) },
    })
    expect(await invoke('listUsers', {}, 'https://evil.example/')).toMatchObject({
      error: { code: 'forbidden' },
    })
    expect(await invoke('signIn', { userId: 'agent1' })).toMatchObject({ result: {} })
    const esp = new URL(String(ready.esp))
    const created = await fetch(`http://${esp.host}/admin/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerNickname: 'Ann' }),
    })
    expect(created.status).toBe(201)
    await vi.waitFor(() =>
      expect(contents.sent).toContainEqual([
        CONSOLE_PUSH_CHANNEL,
        expect.objectContaining({ push: 'session-list-changed', change: 'created' }),
      ]),
    )

    // The guards: no navigation, links go to the browser only when http(s), strict CSP.
    const navigation = { url: 'https://example.com/help', preventDefault: vi.fn() }
    contents.emit('will-navigate', navigation)
    expect(navigation.preventDefault).toHaveBeenCalled()
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(app.fake.externalUrls).toEqual(['https://example.com/help'])
    const headers = vi.fn()
    app.fake.sessionHooks.get('headers')?.({ responseHeaders: {} }, headers)
    expect(headers).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Security-Policy': [CONSOLE_CSP] },
    })
    const request = vi.fn()
    app.fake.sessionHooks.get('beforeRequest')?.(
      { url: 'https://cdn.example/x.js', webContentsId: 1 },
      request,
    )
    expect(request).toHaveBeenCalledWith({ cancel: true })

    app.fake.quit()
    await app.fake.hasQuit
    expect(existsSync(join(dir, 'xdg-data', 'switchboard', 'switchboard.db'))).toBe(true)
    await expect(fetch(`http://${esp.host}/admin/sessions`, { method: 'POST' })).rejects.toThrow()
    expect(app.fake.handlers.size).toBe(0)
  })
})
