import { z } from 'zod'
import type { FormFields } from './form-input'
import { invalidValue } from './gms-errors'

/** Longest chat message (docs/gms.md, "Chat calls"; the engine's text limit). */
export const MAX_MESSAGE_LENGTH = 16384
/** Positions beyond this cannot exist (a session would need a billion events). */
const MAX_POSITION = 1_000_000_000

/** `true`/`false` in any case: field clients send `True` (docs/gms.md). */
const flag = z
  .string()
  .optional()
  .transform((value) => value?.toLowerCase())
  .pipe(z.enum(['true', 'false'], { error: 'must be true or false' }).optional())
  .transform((value) => value === 'true')

const positiveInteger = z
  .string()
  .regex(/^[0-9]{1,10}$/, 'must be an integer ≥ 1')
  .transform(Number)
  .refine((value) => value >= 1 && value <= MAX_POSITION, 'must be an integer ≥ 1')

/**
 * A v1 transcript position: 0 and 1 both mean the start (docs/gms.md, "Chat calls"), so 0 reads as 1.
 */
const transcriptPosition = z
  .string()
  .regex(/^[0-9]{1,10}$/, 'must be an integer ≥ 0')
  .transform(Number)
  .refine((value) => value <= MAX_POSITION, 'must be an integer ≥ 0')
  .transform((value) => Math.max(value, 1))

const offsetMinutes = z
  .string()
  .regex(/^-?[0-9]{1,4}$/, 'must be an integer number of minutes')
  .transform(Number)

const messageText = z
  .string({ error: 'is required' })
  .min(1, 'must not be empty')
  .max(MAX_MESSAGE_LENGTH, `must be at most ${MAX_MESSAGE_LENGTH} characters`)

const optionalText = z.string().max(MAX_MESSAGE_LENGTH).optional()

export const createServiceFields = z.object({
  _verbose: flag,
  _ttl: positiveInteger.optional(),
})

export const startChatFields = z.object({
  firstName: optionalText,
  lastName: optionalText,
  email: optionalText,
  subject: optionalText,
  userDisplayName: optionalText,
  notify_by: z.string().optional(),
  subscriptionID: z.string().optional(),
  clientTimeZoneOffset: offsetMinutes.optional(),
  _verbose: flag,
})

/** Keys of the start-chat call itself; every other key goes to the user data (docs/gms.md). */
export const START_CHAT_KEYS: ReadonlySet<string> = new Set(startChatFields.keyof().options)

export const sendFields = z.object({
  message: messageText,
  transcriptPosition: transcriptPosition.optional(),
  _verbose: flag,
})

export const refreshFields = z.object({
  transcriptPosition: transcriptPosition.default(1),
  // An empty `message` on refresh means "nothing to send": clients send the field blank.
  message: z
    .string()
    .max(MAX_MESSAGE_LENGTH, `must be at most ${MAX_MESSAGE_LENGTH} characters`)
    .optional(),
  _verbose: flag,
})

/** `startTyping`, `stopTyping` and `disconnect`; the typing calls may carry the text typed. */
export const chatCallFields = z.object({
  message: optionalText,
  transcriptPosition: transcriptPosition.optional(),
  _verbose: flag,
})

/**
 * Checks the fields against a schema; the first problem becomes a 415 naming the value
 * (docs/gms.md, "Errors").
 */
export function parseFields<Schema extends z.ZodType>(
  schema: Schema,
  fields: FormFields,
): z.output<Schema> {
  const result = schema.safeParse(Object.fromEntries(fields))
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const name = String(issue?.path[0] ?? 'request')
  const given = fields.get(name)
  const shown = given === undefined ? '' : ` (got ${JSON.stringify(given.slice(0, 40))})`
  throw invalidValue(name, `${issue?.message ?? 'is invalid'}${shown}`)
}
