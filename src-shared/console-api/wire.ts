/**
 * The browser-mode transport: JSON text frames on the console WebSocket (`/console/ws`).
 * Requests `{ id, method, params }` are answered by `{ id, result }` or `{ id, error }`, in any
 * order; pushes `{ push: ... }` carry no id.
 */
import { z } from 'zod'
import type { ConsoleError } from './errors'
import type { ConsolePush } from './results'

export const requestIdSchema = z.union([z.string().max(64), z.number().int()])
export type RequestId = z.infer<typeof requestIdSchema>

/** A request frame; `method` and `params` are checked by the method table afterwards. */
export const consoleRequestSchema = z.object({
  id: requestIdSchema,
  method: z.string().max(64),
  params: z.unknown().optional(),
})
export type ConsoleRequestFrame = z.infer<typeof consoleRequestSchema>

/** The answer frame; `id` is null when the frame was not a readable request. */
export type ConsoleResponseFrame =
  { id: RequestId | null; result: unknown } | { id: RequestId | null; error: ConsoleError }

/** Every frame the server sends. */
export type ConsoleServerFrame = ConsoleResponseFrame | ConsolePush
