/**
 * Where the console renderer is loaded from, and which URLs belong to it. The built app loads
 * `out/renderer/index.html` from disk; `electron-vite dev` serves it from a dev server. Every
 * security check of the shell (IPC senders, navigation, requests) asks this module whether a URL
 * is the app's own, so there is one definition of "ours".
 */
import { dirname } from 'node:path'
import { pathToFileURL } from 'node:url'

/** The renderer's page: a file on disk, or the electron-vite dev server (development only). */
export type RendererLocation =
  | { kind: 'file'; indexPath: string; indexUrl: string; folderUrl: string }
  | { kind: 'dev-server'; origin: string; url: string }

/**
 * The location to load: the dev server when `devServerUrl` is given (electron-vite sets
 * `ELECTRON_RENDERER_URL` for `electron-vite dev`; the caller ignores it in a packaged app, so an
 * environment variable cannot point a shipped app at another page), else the built page.
 *
 * @throws TypeError when `devServerUrl` is not an http(s) URL on a loopback host.
 */
export function rendererLocation(indexPath: string, devServerUrl?: string): RendererLocation {
  if (devServerUrl !== undefined && devServerUrl !== '') {
    const url = parseUrl(devServerUrl)
    if (!url || !/^https?:$/.test(url.protocol) || !isLoopbackHost(url.hostname)) {
      throw new TypeError(
        `ELECTRON_RENDERER_URL must be an http(s) URL on localhost, got ${devServerUrl}`,
      )
    }
    return { kind: 'dev-server', origin: url.origin, url: url.href }
  }
  const folder = pathToFileURL(dirname(indexPath)).href
  return {
    kind: 'file',
    indexPath,
    indexUrl: pathToFileURL(indexPath).href,
    folderUrl: folder.endsWith('/') ? folder : `${folder}/`,
  }
}

/**
 * True when `url` is the console page itself (any hash or query: the renderer may route with
 * them). Only this page may call the console API.
 */
export function isRendererPage(url: string | undefined, location: RendererLocation): boolean {
  const parsed = url === undefined ? undefined : parseUrl(url)
  if (!parsed) return false
  if (location.kind === 'dev-server') return parsed.origin === location.origin
  parsed.hash = ''
  parsed.search = ''
  return parsed.href === location.indexUrl
}

/**
 * True when the renderer may load `url`: its own files (the built folder, nothing else on
 * disk), the dev server (with its hot-reload WebSocket), DevTools and inline `data:` images.
 * Everything else is remote content and is cancelled; the renderer reaches the engine over IPC
 * only, and the test customer's GMS calls run in the main process.
 */
export function isAllowedRequest(url: string, location: RendererLocation): boolean {
  const parsed = parseUrl(url)
  if (!parsed) return false
  if (parsed.protocol === 'devtools:' || parsed.protocol === 'data:') return true
  if (location.kind === 'file') {
    // Compared on the normalised href, so `..` segments cannot climb out of the folder.
    return parsed.protocol === 'file:' && parsed.href.startsWith(location.folderUrl)
  }
  if (/^wss?:$/.test(parsed.protocol)) {
    const httpOrigin = `${parsed.protocol === 'wss:' ? 'https:' : 'http:'}//${parsed.host}`
    return httpOrigin === location.origin
  }
  return parsed.origin === location.origin
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]'
}
