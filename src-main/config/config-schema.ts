/**
 * The schema of a configuration file (`resources/default-config.yaml` and users' `config.yaml`),
 * with the file's kebab-case keys. Every key is optional, because a user's file holds only what it
 * changes (`merge-config.ts` fills in the rest); every object is strict, so a misspelt key is an
 * error rather than a silently ignored setting. Messages are written for the person editing the
 * file: `must be a whole number from 1 to 86400 (got 0)`.
 */
import { z } from 'zod'
import { INCLUDE_NOTICES } from '../../src-shared/domain'
import { IDLE_TIMEOUT_RANGES } from '../../src-shared/idle-settings'
import { ORIGIN_ENTRY } from '../gms/cors'
import { checkReferences, checkUniqueEntries } from './config-references'
import { describeValue } from './describe-value'
import { CONSOLE_ROLES } from './switchboard-config'

/** Builds a message for a value of the wrong type or outside its range. */
function mustBe(expected: string, isText = false) {
  return (issue: { readonly input?: unknown }): string => {
    if (issue.input === undefined) return 'is required'
    // YAML reads `id: 1001` or `token: true` as a number or a boolean, not as text.
    const isUnquoted = isText && ['number', 'boolean'].includes(typeof issue.input)
    const hint = isUnquoted ? `; put it in quotes: "${String(issue.input)}"` : ''
    return `must be ${expected} (got ${describeValue(issue.input)}${hint})`
  }
}

function wholeNumber(min: number, max: number) {
  const error = mustBe(`a whole number from ${min} to ${max}`)
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error })
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: mustBe(`one of ${values.join(', ')}`) })
}

function textMatching(pattern: RegExp, expected: string) {
  const error = mustBe(expected, true)
  return z.string({ error }).regex(pattern, { error })
}

function mapping<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, { error: mustBe('a mapping of keys to values') })
}

function list<Element extends z.ZodType>(element: Element, what: string) {
  return z
    .array(element, { error: mustBe(`a list of ${what}`) })
    .min(1, { error: `must list at least one ${what.replace(/s$/, '')}` })
}

function dictionary<Value extends z.ZodType>(value: Value) {
  return z.record(name, value, { error: mustBe('a mapping of names to values') })
}

/** Any text, empty included (an empty idle text still posts its notice, docs/sessions.md). */
const anyText = z.string({ error: mustBe('text', true) })
/** Display text: not empty, no spaces at either end. */
const label = textMatching(
  /^\S(?:.*\S)?$/s,
  'text, not empty and not starting or ending in a space',
)
/** Names used as identifiers (endpoints, user ids, services): they end up in URLs and JSON keys. */
const name = textMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'a name of letters, digits, _ . or -')
/** BCP 47-like codes: `en-US`, `zh-Hant-TW`, `es-419`. */
const languageCode = textMatching(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/, 'a code such as en-US')
const flag = z.boolean({ error: mustBe('true or false') })
const seconds = (range: { min: number; max: number }) => wholeNumber(range.min, range.max)

const idleControlSchema = mapping({
  enabled: flag.optional(),
  'include-notices': oneOf(INCLUDE_NOTICES).optional(),
  'timeout-alert': seconds(IDLE_TIMEOUT_RANGES.timeoutAlert).optional(),
  'timeout-alert2': seconds(IDLE_TIMEOUT_RANGES.timeoutAlert2).optional(),
  'timeout-close': seconds(IDLE_TIMEOUT_RANGES.timeoutClose).optional(),
  'message-alert': anyText.optional(),
  'message-alert2': anyText.optional(),
  'message-close': anyText.optional(),
})

const languageSchema = mapping({
  code: languageCode,
  name: label,
  'message-alert': anyText.optional(),
  'message-alert2': anyText.optional(),
  'message-close': anyText.optional(),
})

const applicationSchema = mapping({
  name: label,
  endpoints: list(name, 'endpoints').optional(),
  'inactivity-control': idleControlSchema.nullish(),
  'default-language': languageCode.optional(),
  languages: z.array(languageSchema, { error: mustBe('a list of languages') }).optional(),
  'system-nickname': label.optional(),
})

const gmsServiceSchema = mapping({
  _ttl: wholeNumber(1, 86_400).optional(),
  _chat_endpoint: name.optional(),
  _chat_400_response_on_disconnected: flag.optional(),
  application: label.optional(),
})

const userSchema = mapping({ id: name, name: label, role: oneOf(CONSOLE_ROLES) })

/** A web page's origin as a browser sends it: scheme, host and port; no path, never `null`. */
function isExactOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value
  } catch {
    return false
  }
}
const webOrigin = z
  .string({ error: mustBe('an origin such as https://example.com', true) })
  .refine(isExactOrigin, { error: mustBe('an origin such as https://example.com (no path)') })

const maxConnectionsSchema = mapping({
  gms: wholeNumber(1, 1_000_000).optional(),
  esp: wholeNumber(1, 1_000_000).optional(),
  console: wholeNumber(1, 1_000_000).optional(),
})

const espSchema = mapping({
  'rate-limit': wholeNumber(1, 1_000_000).optional(),
  burst: wholeNumber(1, 10_000_000).optional(),
  'max-body-bytes': wholeNumber(1024, 64 * 1024 * 1024).optional(),
  // Sent in an HTTP header, so visible ASCII only.
  token: textMatching(
    /^[\x21-\x7e]+$/,
    'text of visible ASCII characters, without spaces',
  ).optional(),
  'allowed-origins': z.array(webOrigin, { error: mustBe('a list of origins') }).optional(),
})

const synchronousSchema = z.preprocess(
  // SQLite spells its pragma values either way; the file may too.
  (value) => (typeof value === 'string' ? value.toLowerCase() : value),
  oneOf(['normal', 'full']),
)

/** A configuration file as written: kebab-case keys, every key optional, nothing defaulted. */
export const configFileSchema = mapping({
  applications: list(applicationSchema, 'applications').nullish(),
  gms: mapping({
    services: dictionary(gmsServiceSchema).nullish(),
    'flex-disconnect-timeout': wholeNumber(1, 86_400).optional(),
    cors: mapping({
      'allowed-origins': z
        .array(textMatching(ORIGIN_ENTRY, 'an origin (scheme://host[:port], port *), null or *'))
        .optional(),
    }).nullish(),
  }).nullish(),
  users: z.array(userSchema, { error: mustBe('a list of users') }).nullish(),
  esp: espSchema.nullish(),
  limits: mapping({
    'max-open-sessions': wholeNumber(1, 10_000_000).optional(),
    'max-connections': maxConnectionsSchema.optional(),
    'max-pending-services': wholeNumber(1, 10_000_000).optional(),
    'max-user-data-bytes': wholeNumber(1024 * 1024, 2 ** 40).optional(),
  }).nullish(),
  store: mapping({ synchronous: synchronousSchema.optional() }).nullish(),
  strategies: dictionary(label).nullish(),
}).superRefine((file, context) => {
  for (const issue of [...checkUniqueEntries(file), ...checkReferences(file)]) {
    context.addIssue({ code: 'custom', message: issue.message, path: [...issue.path] })
  }
})

/** A parsed configuration file. */
export type ConfigFile = z.output<typeof configFileSchema>
export type ApplicationFile = z.output<typeof applicationSchema>
export type GmsServiceFile = z.output<typeof gmsServiceSchema>
export type LanguageFile = z.output<typeof languageSchema>
export type IdleControlFile = z.output<typeof idleControlSchema>
