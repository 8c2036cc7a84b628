/**
 * The preload of the console window (sandboxed: it may only `require('electron')`, so the
 * contract it builds on is bundled into it). It exposes `window.switchboard.console`, the
 * contract's `ConsoleBridge`: named functions only, never `ipcRenderer` and never a generic
 * `invoke(channel)` (docs/style.md, "Electron").
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { CONSOLE_PUSH_CHANNEL, type ConsolePush } from '../../src-shared/console-api'
import { buildConsoleBridge } from './console-bridge'

const consoleBridge = buildConsoleBridge({
  invoke: (channel, params) => ipcRenderer.invoke(channel, params),
  onPush(listener) {
    // The IPC event stays here: its `sender` is ipcRenderer itself.
    const forward = (_event: IpcRendererEvent, push: ConsolePush) => listener(push)
    ipcRenderer.on(CONSOLE_PUSH_CHANNEL, forward)
    return () => {
      ipcRenderer.removeListener(CONSOLE_PUSH_CHANNEL, forward)
    }
  },
})

contextBridge.exposeInMainWorld('switchboard', { console: consoleBridge })
