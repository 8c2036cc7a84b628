/**
 * The preload bridge. It exposes named functions only (never `ipcRenderer`); the console API
 * is added here by the console issue.
 */
import { contextBridge } from 'electron'

contextBridge.exposeInMainWorld('switchboard', {
  platform: process.platform,
})
