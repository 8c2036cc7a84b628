import { V2_OPERATIONS, type V2Operation } from './v2-chat-service'

/** Where GMS Chat API v2 lives on the listener (docs/gms.md, "Chat API v2"). */
export const V2_PREFIX = '/genesys/2/'

/** True for every path under `/genesys/2/`, whose answers take the v2 shape. */
export function isV2Path(url: string): boolean {
  return url.startsWith(V2_PREFIX) || url.split('?')[0] === '/genesys/2'
}

/** What a v2 path asks for; undefined for a path that is none of them (code 100). */
export type V2Route =
  | { kind: 'request-chat'; serviceName: string }
  | { kind: 'operation'; serviceName: string; chatId: string; operation: V2Operation }
  | { kind: 'file'; serviceName?: string; chatId?: string }

const OPERATIONS: ReadonlySet<string> = new Set(V2_OPERATIONS)

/**
 * Parses `/genesys/2/chat/{serviceName}[/{chatId}/{operation}]`, the file paths and
 * `/genesys/2/chat-ntf`, each with one optional trailing slash (Widgets request a chat at
 * `/genesys/2/chat/request-chat/`). An empty segment anywhere else is no path.
 */
export function parseV2Path(url: string): V2Route | undefined {
  const pathname = url.split('?')[0] ?? ''
  if (!pathname.startsWith(V2_PREFIX)) return undefined
  const segments = pathname.slice(V2_PREFIX.length).split('/').map(decodeSegment)
  if (segments.length > 1 && segments.at(-1) === '') segments.pop()
  if (segments.some((segment) => segment === '' || segment === undefined)) return undefined
  const [root, serviceName, chatId, operation, ...rest] = segments as string[]
  if (root === 'chat-ntf' && segments.length === 1) return { kind: 'file' }
  if (root !== 'chat' || serviceName === undefined) return undefined
  if (chatId === undefined) return { kind: 'request-chat', serviceName }
  if (operation === 'file' && isFilePath(rest)) return { kind: 'file', serviceName, chatId }
  if (operation === undefined || rest.length > 0 || !OPERATIONS.has(operation)) return undefined
  return { kind: 'operation', serviceName, chatId, operation: operation as V2Operation }
}

/** `file`, `file/limits`, `file/{fileId}/download`, `file/{fileId}/delete`. */
function isFilePath(rest: string[]): boolean {
  if (rest.length === 0) return true
  if (rest.length === 1) return rest[0] === 'limits'
  return rest.length === 2 && (rest[1] === 'download' || rest[1] === 'delete')
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}
