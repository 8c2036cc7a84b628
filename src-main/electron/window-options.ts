import type { BrowserWindowConstructorOptions } from 'electron'

/**
 * The console window's options, pinned by a test: an isolated, sandboxed renderer with no Node
 * access, whose only door to the main process is the typed preload bridge.
 */
export function consoleWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'Switchboard',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // A file dropped on the window would otherwise be opened in it, replacing the console.
      navigateOnDragDrop: false,
      // A page that loops alert() cannot lock the window.
      safeDialogs: true,
      spellcheck: true,
    },
  }
}
