/**
 * The shell's guards (docs/console-api.md, "Security"), applied to Electron objects handed in by the
 * composition root: the session's permission, request and header hooks, and every
 * `webContents`' navigation and window-opening hooks. The decisions themselves are the pure,
 * tested functions this file calls; it only imports Electron's types.
 */
import type { Session, WebContents } from 'electron'
import type { Logger } from '../engine/ports'
import { withConsoleCsp } from './content-security-policy'
import { isSafeExternalUrl } from './external-links'
import { isPermissionGranted } from './permissions'
import { isAllowedRequest, isRendererPage, type RendererLocation } from './renderer-location'

/**
 * Hardens the session the console windows use: permissions denied except notifications for
 * the console page, every renderer request outside the app's own files (or dev server)
 * cancelled, and the console's CSP set on every response.
 */
export function hardenSession(session: Session, location: RendererLocation, logger: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, isRendererPage(details.requestingUrl, location)))
  })
  session.setPermissionCheckHandler((contents, permission, _origin, details) =>
    isPermissionGranted(
      permission,
      isRendererPage(details.requestingUrl ?? contents?.getURL(), location),
    ),
  )
  // USB, HID and serial devices: never.
  session.setDevicePermissionHandler(() => false)
  session.webRequest.onBeforeRequest((details, callback) => {
    // Requests without a webContents come from the browser process itself (the spellchecker's
    // dictionary download on Linux), not from page content.
    const isFromPage = details.webContentsId !== undefined
    const cancel = isFromPage && !isAllowedRequest(details.url, location)
    if (cancel) logger.warn('blocked a request from the console page', { url: details.url })
    callback({ cancel })
  })
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withConsoleCsp(details.responseHeaders) })
  })
}

export interface GuardOptions {
  /** `shell.openExternal`: only ever called with a URL that passed `isSafeExternalUrl`. */
  openExternal(url: string): Promise<void>
  logger: Logger
}

/**
 * Guards one `webContents` (every one the app creates, DevTools included): it may not navigate,
 * be redirected, open windows or attach `<webview>`s. A link to an http(s) page opens in the
 * user's browser instead, because agents do follow URLs that customers and strategies push.
 */
export function guardWebContents(contents: WebContents, options: GuardOptions): void {
  const openOutside = (url: string) => {
    if (!isSafeExternalUrl(url)) {
      options.logger.warn('refused to open a link outside the app', { url })
      return
    }
    options.openExternal(url).catch((error: unknown) => {
      options.logger.warn('the link could not be opened', { url, error })
    })
  }
  contents.on('will-navigate', (event) => {
    event.preventDefault()
    openOutside(event.url)
  })
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault()
  })
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url)
    return { action: 'deny' }
  })
}
