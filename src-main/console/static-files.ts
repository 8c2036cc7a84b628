/**
 * Serves the built renderer (`out/renderer`) to browser-mode consoles: GET and HEAD of regular
 * files inside the root only (no traversal, no symlinks out of it), with the right MIME type and
 * headers that keep the page from running anything it did not ship.
 */
import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, resolve, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'

/** The page may load only its own scripts, styles, images and fonts, and talk only to us. */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'"

/** Sent with every answer of the console listener, files and errors alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // The first URL carries the token: never hand it on to another site.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
}

/** Answers with a short text; used for every refusal of the listener too. */
export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  })
  response.end(text)
}

const isInside = (root: string, path: string): boolean => path.startsWith(root + sep)

/** The real path of the file a URL path names inside `root`, or undefined. */
async function resolveFile(root: string, pathname: string): Promise<string | undefined> {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded
  const candidate = resolve(root, `.${relative}`)
  if (!isInside(root, candidate)) return undefined
  try {
    const real = await realpath(candidate)
    const info = await stat(real)
    return isInside(root, real) && info.isFile() ? real : undefined
  } catch {
    return undefined
  }
}

/**
 * Serves one GET or HEAD request from `root`, which must be a real (symlink-free) absolute path.
 * An unknown file is 404; the index page missing means the renderer was never built.
 */
export async function serveStatic(
  request: IncomingMessage,
  response: ServerResponse,
  root: string,
  pathname: string,
): Promise<void> {
  const file = await resolveFile(root, pathname)
  if (!file) {
    if (pathname === '/') {
      sendText(response, 503, 'The console UI is not built: run `npm run build` first.\n')
    } else {
      sendText(response, 404, 'Not found\n')
    }
    return
  }
  const info = await stat(file)
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-cache',
  })
  if (request.method === 'HEAD') {
    response.end()
    return
  }
  await pipeline(createReadStream(file), response)
}
