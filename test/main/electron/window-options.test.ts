import { describe, expect, it } from 'vitest'
import { consoleWindowOptions } from '../../../src-main/electron/window-options'

describe('consoleWindowOptions', () => {
  const options = consoleWindowOptions('/app/out/preload/index.js')

  it('isolates and sandboxes the renderer, without Node', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
    })
  })

  it('keeps web security on and every risky feature off', () => {
    expect(options.webPreferences).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    })
    expect(options.webPreferences).not.toHaveProperty('nodeIntegrationInSubFrames', true)
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures')
  })

  it('stays hidden until the page is ready to show', () => {
    expect(options.show).toBe(false)
  })
})
