/**
 * The contract's plain values and pure helpers: limits, list states, the WebSocket path and the
 * URL rule. They live apart from the zod schemas (`params.ts`, `wire.ts`) so that the renderer can
 * import them without bundling zod: a zod schema at a module's top level is a side effect no
 * bundler may drop. Defined here once; the schemas and the barrel take them from this module.
 */

/** Longest message, note or URL, as for ESP `MessageText` (docs/esp.md). */
export const MAX_TEXT_LENGTH = 16384
/** Largest transcript page and session list the console reads at once. */
export const MAX_PAGE_SIZE = 500
export const DEFAULT_TRANSCRIPT_PAGE = 100
export const DEFAULT_COMPARE_PAGE = 50
export const DEFAULT_LIST_LIMIT = 200

/** `state` narrows to one state; `open` is queued or active; `any` (default) is every state. */
export const LIST_STATES = ['queued', 'active', 'closed', 'open', 'any'] as const
/** One of {@link LIST_STATES}. */
export type ListState = (typeof LIST_STATES)[number]

/** Path of the console WebSocket on the console listener. */
export const CONSOLE_WS_PATH = '/console/ws'

/** An absolute `http:` or `https:` URL (a pushed URL is opened by the customer's browser). */
export function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false
  const { protocol } = new URL(text)
  return protocol === 'http:' || protocol === 'https:'
}
