/**
 * The Electron composition root. For now it opens the console window on the built renderer;
 * the engine is wired to the window over IPC by the console issue. Only `electron/` and this
 * file import electron.
 */
import { join } from 'node:path'
import { app, BrowserWindow, shell } from 'electron'
import { consoleWindowOptions } from './electron/window-options'

function createWindow(): void {
  const window = new BrowserWindow(consoleWindowOptions(join(__dirname, '../preload/index.js')))
  window.once('ready-to-show', () => window.show())
  // No navigation away from the console and no new windows; http(s) links open in the browser.
  window.webContents.on('will-navigate', (event) => event.preventDefault())
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void window.loadFile(join(__dirname, '../renderer/index.html'))
}

void app.whenReady().then(() => {
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
