import { describe, expect, it } from 'vitest'
import { checkIpcSender } from '../../../src-main/electron/ipc-sender'
import { CONSOLE_PAGE, ipcEvent, POLICY } from './ipc-fakes'

describe('checkIpcSender', () => {
  it("trusts the console window's main frame on the console page", () => {
    expect(checkIpcSender(ipcEvent(), POLICY)).toEqual({ isTrusted: true })
    expect(checkIpcSender(ipcEvent({ url: `${CONSOLE_PAGE}#/queue` }), POLICY).isTrusted).toBe(true)
  })

  it('refuses a webContents that is not one of the console windows', () => {
    const verdict = checkIpcSender(ipcEvent({ webContentsId: 99 }), POLICY)
    expect(verdict).toEqual({ isTrusted: false, reason: 'webContents 99 is not a console window' })
  })

  it('refuses a subframe, even on the console page', () => {
    const verdict = checkIpcSender(ipcEvent({ parent: { url: CONSOLE_PAGE } }), POLICY)
    expect(verdict.isTrusted).toBe(false)
  })

  it('refuses a console window showing another page', () => {
    for (const url of ['https://evil.example/', 'file:///tmp/index.html', 'about:blank']) {
      expect(checkIpcSender(ipcEvent({ url }), POLICY).isTrusted).toBe(false)
    }
  })

  it('refuses a message whose frame is already gone', () => {
    expect(checkIpcSender(ipcEvent({ frame: null }), POLICY)).toEqual({
      isTrusted: false,
      reason: 'the sending frame is gone',
    })
  })
})
