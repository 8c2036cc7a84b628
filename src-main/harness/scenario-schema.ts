/**
 * The schema of a scenario file (harness.md, "Scenarios"). Every mapping is strict, so a misspelt
 * key is an error naming the key meant; every step does exactly one thing. Messages are written
 * for the person editing the file, and `scenario-file.ts` adds the line they are on.
 */
import { z } from 'zod'
import {
  IDLE_PHASES,
  SESSION_STATES,
  CLOSE_REASONS,
  SUPERVISOR_MODES,
} from '../../src-shared/domain'
import { IDLE_SETTING_KEYS } from '../../src-shared/idle-settings'
import { parseDuration } from './durations'

const text = z.string({ error: 'must be text' })
const name = text.regex(
  /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/,
  'must be a name of letters, digits, _ . or -',
)
const yes = z.literal(true, { error: 'must be true' })
const flag = z.boolean({ error: 'must be true or false' })
const scalar = z.union([z.string(), z.number(), z.boolean()], {
  error: 'must be text, a number or true/false',
})
const textMap = z.record(text, scalar, { error: 'must be a mapping of keys to values' })

/** `90s`, `5m`, `1h30m`, `250ms` or a number of seconds. */
export const durationSchema = z.custom<string | number>(
  (value) => parseDuration(value) !== undefined,
  { error: 'must be a duration such as 90s, 5m, 1h30m, 250ms or a number of seconds' },
)

/** The step's value does exactly one of `actions`. */
function oneAction<T extends Record<string, unknown>>(actor: string, actions: readonly string[]) {
  return (value: T, context: z.RefinementCtx) => {
    const given = actions.filter((action) => value[action] !== undefined)
    if (given.length === 1) return
    context.addIssue({
      code: 'custom',
      message:
        given.length === 0
          ? `${/^[aeiou]/.test(actor) ? 'an' : 'a'} ${actor} step does one of: ${actions.join(', ')}`
          : `a ${actor} step does one thing at a time (got ${given.join(' and ')}); split it into steps`,
    })
  }
}

const startSchema = z.strictObject({
  firstName: text.optional(),
  lastName: text.optional(),
  /** `userDisplayName`: the customer's nickname. */
  nickname: text.optional(),
  email: text.optional(),
  subject: text.optional(),
  /** The GMS service (`POST /genesys/1/service/{service}`); default `request-chat`. */
  service: name.optional(),
  /** `_ttl` of the service, in seconds (may only shorten the configured one). */
  ttl: z.number({ error: 'must be a number of seconds' }).int().positive().optional(),
  /** Business data: sent to request-chat, kept as the interaction's user data. */
  data: textMap.optional(),
  /** Further start-chat fields, also user data (`GCTI_LanguageCode`, ...). */
  userData: textMap.optional(),
  /** GMS API version the customer speaks (docs/gms.md); default v1. */
  api: z.enum(['v1', 'v2'], { error: 'must be v1 or v2' }).optional(),
  /** How it gets the agent's side: polling, or CometD (v2); default poll. */
  delivery: z.enum(['poll', 'cometd'], { error: 'must be poll or cometd' }).optional(),
})

const CUSTOMER_ACTIONS = ['start', 'say', 'typing', 'leave', 'refresh'] as const
const customerStepSchema = z
  .strictObject({
    id: name.optional(),
    start: startSchema.optional(),
    say: text.optional(),
    typing: flag.optional(),
    leave: yes.optional(),
    refresh: yes.optional(),
  })
  .superRefine(oneAction('customer', CUSTOMER_ACTIONS))

const consoleBase = {
  /** The console user; default the configuration's first user of that role. */
  id: name.optional(),
  /** Which customer's session (or a session id); default the current one. */
  session: name.optional(),
  /** The console error code this action must be refused with (`conflict`, `forbidden`...). */
  expectError: name.optional(),
  say: text.optional(),
  note: text.optional(),
  typing: flag.optional(),
  pushUrl: text.optional(),
  leave: yes.optional(),
  close: yes.optional(),
}

const AGENT_ACTIONS = ['accept', 'say', 'note', 'typing', 'pushUrl', 'leave', 'close'] as const
const agentStepSchema = z
  .strictObject({ ...consoleBase, accept: z.union([yes, name]).optional() })
  .superRefine(oneAction('agent', AGENT_ACTIONS))

const SUPERVISOR_ACTIONS = [
  'join',
  'mode',
  'say',
  'note',
  'typing',
  'pushUrl',
  'idle',
  'language',
  'leave',
  'close',
] as const
const languageSchema = z.union([
  text,
  z.strictObject({ code: text.optional(), name: text.optional() }),
])
const supervisorStepSchema = z
  .strictObject({
    ...consoleBase,
    join: z.enum(SUPERVISOR_MODES).optional(),
    mode: z.enum(SUPERVISOR_MODES).optional(),
    /** IdleControlConfigure wire keys: `timeout-alert: 60`, `enabled: true`. */
    idle: textMap.optional(),
    /** A language code, or `{ code }` / `{ name }`. */
    language: languageSchema.optional(),
  })
  .superRefine(oneAction('supervisor', SUPERVISOR_ACTIONS))

const espStepSchema = z.strictObject({
  method: text,
  parameters: textMap.optional(),
  /** The fault code the request must be answered with; absent: it must succeed. */
  expectFault: name.optional(),
  /** With `expectFault`: the parameter the fault must name. */
  faultParameter: text.optional(),
  /** Keys the answer must list as ignored. */
  expectIgnored: z.array(text).optional(),
  session: name.optional(),
  application: text.optional(),
  service: text.optional(),
  /** Overrides the interaction id sent (null: send none, for `missing-interaction`). */
  interactionId: text.nullable().optional(),
  userData: z.record(text, text).optional(),
})

/** A value an item's field must have: exactly, or containing a text, or matching a pattern. */
const matcherSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.strictObject({ contains: text }),
  z.strictObject({ regex: text }),
])
/** An expected field value: exact, `{ contains }` or `{ regex }`. */
export type Matcher = z.infer<typeof matcherSchema>

const itemSchema = z.record(text, matcherSchema, {
  error: 'must be a mapping of fields to expected values',
})
/** An expected item: the fields it cares about. */
export type ItemMatch = z.infer<typeof itemSchema>

const listExpectationSchema = z.strictObject({
  /** The user whose view it is (agents and supervisors); default as for steps. */
  as: name.optional(),
  last: itemSchema.optional(),
  events: z.array(itemSchema).optional(),
  contains: z.array(itemSchema).optional(),
  excludes: z.array(itemSchema).optional(),
  count: z.number().int().min(0).optional(),
})
/** A list of items (a view, a transcript): a plain list means `events`. */
const viewSchema = z.union([z.array(itemSchema), listExpectationSchema])
/** What a view must hold: a list of items, or `last` / `events` / `contains` / ... */
export type ViewExpectation = z.infer<typeof viewSchema>

/** Each idle setting by its wire key (`timeout-alert: 60`, `include-notices: typing`). */
const idleSettingExpectations = Object.fromEntries(
  Object.values(IDLE_SETTING_KEYS).map((key) => [key, scalar.optional()]),
)
const idleExpectationSchema = z.strictObject({
  phase: z.enum(IDLE_PHASES).optional(),
  /** Time from now to the running phase's deadline, or null for none. */
  deadline: durationSchema.nullable().optional(),
  ...idleSettingExpectations,
})

const expectSchema = z.strictObject({
  session: name.optional(),
  state: z.enum(SESSION_STATES).optional(),
  closeReason: z.enum(CLOSE_REASONS).nullable().optional(),
  /** The language code, or null. */
  language: text.nullable().optional(),
  userData: z.record(text, text.nullable()).optional(),
  idle: idleExpectationSchema.optional(),
  customer: viewSchema.optional(),
  agent: viewSchema.optional(),
  supervisor: viewSchema.optional(),
  /** A fresh GMS transcript of the customer's chat, from position 1. */
  transcript: viewSchema.optional(),
  /** The idle timeline, as the console's `idleTimeline` shows it to a supervisor. */
  timeline: viewSchema.optional(),
  /** Strategy failures so far: how many, or which. */
  strategyErrors: z.union([z.number().int().min(0), viewSchema]).optional(),
})
/** An `expect` step. */
export type ExpectStep = z.infer<typeof expectSchema>

const STEP_KINDS = ['customer', 'agent', 'supervisor', 'esp', 'wait', 'expect'] as const
const stepSchema = z
  .strictObject({
    customer: customerStepSchema.optional(),
    agent: agentStepSchema.optional(),
    supervisor: supervisorStepSchema.optional(),
    esp: espStepSchema.optional(),
    wait: durationSchema.optional(),
    expect: expectSchema.optional(),
  })
  .superRefine(oneAction('scenario', STEP_KINDS))
/** One step of a scenario. */
export type Step = z.infer<typeof stepSchema>

/** A scenario file. `config` is checked by the configuration's own schema (scenario-config.ts). */
export const scenarioSchema = z.strictObject({
  name: text.min(1, 'must not be empty'),
  description: text.optional(),
  config: z
    .record(text, z.unknown(), { error: 'must be a mapping (the config file shape)' })
    .optional(),
  steps: z.array(stepSchema, { error: 'must be a list of steps' }).min(1, 'must list a step'),
})
/** A scenario file as validated. */
export type ScenarioFileData = z.infer<typeof scenarioSchema>
/** A `customer` step. */
export type CustomerStep = NonNullable<Step['customer']>
/** An `agent` step. */
export type AgentStep = NonNullable<Step['agent']>
/** A `supervisor` step. */
export type SupervisorStep = NonNullable<Step['supervisor']>
/** An `esp` step. */
export type EspStep = NonNullable<Step['esp']>
