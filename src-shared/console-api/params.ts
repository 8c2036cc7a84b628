/**
 * The params schema of every console method. They run in the main process on whatever arrives
 * (IPC payload or WebSocket frame) before it reaches the engine; the renderer may reuse them to
 * check a form before sending.
 */
import { z } from 'zod'
import { SUPERVISOR_MODES } from '../domain'
import { codePointLength } from '../text-limits'
import {
  DEFAULT_COMPARE_PAGE,
  DEFAULT_LIST_LIMIT,
  DEFAULT_TRANSCRIPT_PAGE,
  isHttpUrl,
  LIST_STATES,
  MAX_PAGE_SIZE,
  MAX_TEXT_LENGTH,
} from './constants'

const MAX_NAME_LENGTH = 256

/** Sessions ids are 16 characters `[0-9A-Za-z]` (docs/sessions.md). */
export const sessionIdSchema = z
  .string()
  .regex(/^[0-9A-Za-z]{16}$/, 'must be a session id (16 letters and digits)')

const userIdSchema = z.string().min(1).max(MAX_NAME_LENGTH)
const nameSchema = z.string().min(1).max(MAX_NAME_LENGTH)
/** At most `max` characters, counted as code points: an emoji is one (docs/limits.md). */
function upTo(max: number) {
  return z.string().refine((text) => codePointLength(text) <= max, {
    error: (issue) =>
      `must be at most ${max} characters (got ${codePointLength(String(issue.input))})`,
  })
}
const textSchema = z.string().min(1, 'must not be empty').pipe(upTo(MAX_TEXT_LENGTH))
const eventIdSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)

const empty = z.strictObject({})
const inSession = z.strictObject({ sessionId: sessionIdSchema })
const withText = z.strictObject({ sessionId: sessionIdSchema, text: textSchema })
const withMode = z.strictObject({ sessionId: sessionIdSchema, mode: z.enum(SUPERVISOR_MODES) })

export const sessionFiltersSchema = z.strictObject({
  state: z.enum(LIST_STATES).optional(),
  endpoint: nameSchema.optional(),
  application: nameSchema.optional(),
  /** Console user id of an agent in the session. */
  agent: userIdSchema.optional(),
  /** Language code (`fr-FR`). */
  language: nameSchema.optional(),
  /** Substring of a message or notice text the caller's role can see. */
  text: z.string().min(1).max(MAX_NAME_LENGTH).optional(),
})
export type SessionFilters = z.infer<typeof sessionFiltersSchema>

/** An ESP parameter value: ESP reads numbers and booleans as their text (docs/esp.md). */
const espValueSchema = z.union([upTo(MAX_TEXT_LENGTH), z.number(), z.boolean()])

/** ESP wire keys (`timeout-alert`, `reset-parameters`...) to their text values. */
const idleSettingsSchema = z.record(z.string().min(1).max(64), upTo(MAX_TEXT_LENGTH))

const userDataSchema = z
  .record(
    z.string().min(1).max(64).regex(/^[^_]/, 'must not start with "_" (GMS reserves those keys)'),
    z.string().max(1024),
  )
  .refine((data) => Object.keys(data).length <= 50, 'must have at most 50 keys')

/** The params schema of each method, by method name. */
export const PARAMS = {
  listUsers: empty,
  signIn: z.strictObject({ userId: userIdSchema }),
  listSessions: z.strictObject({
    filters: sessionFiltersSchema.default({}),
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_LIST_LIMIT),
  }),
  getSession: inSession,
  readTranscript: z.strictObject({
    sessionId: sessionIdSchema,
    afterEventId: eventIdSchema.optional(),
    beforeEventId: eventIdSchema.optional(),
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_TRANSCRIPT_PAGE),
  }),
  accept: inSession,
  sendMessage: withText,
  sendNote: withText,
  setTyping: z.strictObject({ sessionId: sessionIdSchema, isTyping: z.boolean() }),
  pushUrl: z.strictObject({
    sessionId: sessionIdSchema,
    url: upTo(MAX_TEXT_LENGTH).refine(isHttpUrl, 'must be an absolute http: or https: URL'),
  }),
  leave: inSession,
  closeSession: inSession,
  join: withMode,
  setMode: withMode,
  configureIdle: z.strictObject({ sessionId: sessionIdSchema, settings: idleSettingsSchema }),
  setLanguage: z
    .strictObject({
      sessionId: sessionIdSchema,
      code: nameSchema.optional(),
      name: nameSchema.optional(),
    })
    .refine((params) => params.code !== undefined || params.name !== undefined, {
      message: 'Give a language code or name',
      path: ['code'],
    }),
  recordScenario: inSession,
  compareViews: z.strictObject({
    sessionId: sessionIdSchema,
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_COMPARE_PAGE),
  }),
  'testCustomer.start': z.strictObject({
    firstName: nameSchema,
    lastName: nameSchema.optional(),
    userData: userDataSchema.optional(),
    /** GMS API version (docs/gms.md) and delivery: v1 or v2, polling or CometD. */
    api: z.enum(['v1', 'v2']).optional(),
    delivery: z.enum(['poll', 'cometd']).optional(),
  }),
  'testCustomer.say': z.strictObject({ text: textSchema }),
  'testCustomer.typing': z.strictObject({ isTyping: z.boolean() }),
  'testCustomer.leave': empty,
  'testCustomer.refresh': empty,
  espSend: z.strictObject({
    sessionId: sessionIdSchema,
    /** Any text: a developer may send an unknown method to see the fault. */
    method: z.string().min(1).max(64),
    parameters: z.record(z.string().min(1).max(64), espValueSchema).default({}),
    /** Sent as the envelope's `application`; default: none (the session's own). */
    application: nameSchema.optional(),
    /** The interaction's user data to send along; default: the session's own. */
    userData: z.record(z.string().min(1).max(64), z.string().max(1024)).optional(),
  }),
  idleTimeline: inSession,
  /** The application's name as sessions carry it (`session.application`). */
  listLanguages: z.strictObject({ application: nameSchema }),
} as const
