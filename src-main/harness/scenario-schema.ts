/**
 * The schema of a scenario file (docs/harness.md, "Scenarios"). Every mapping is strict, so a misspelt
 * key is an error naming the key meant; every step does exactly one thing. Messages are written
 * for the person editing the file, and `scenario-file.ts` adds the line they are on.
 */
import { statsExpectationSchema } from '../stats/stats-expectation'
import { z } from 'zod'
import {
  IDLE_PHASES,
  SESSION_STATES,
  CLOSE_REASONS,
  SUPERVISOR_MODES,
} from '../../src-shared/domain'
import { IDLE_SETTING_KEYS } from '../../src-shared/idle-settings'
import { parseDuration } from './durations'
import { CONSOLE_FIELDS, FAILURE_FIELDS, GMS_FIELDS, TIMELINE_FIELDS } from './view-fields'

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
const matcherSchema = z.union(
  [
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.strictObject({ contains: text }),
    z.strictObject({
      regex: text.refine(isRegex, 'must be a regular expression JavaScript can read'),
    }),
  ],
  { error: 'must be a value, { contains: TEXT } or { regex: PATTERN }' },
)
/** An expected field value: exact, `{ contains }` or `{ regex }`. */
export type Matcher = z.infer<typeof matcherSchema>

function isRegex(pattern: string): boolean {
  try {
    new RegExp(pattern)
    return true
  } catch {
    return false
  }
}

/**
 * An item matcher of a view with these `fields`: only those (a typo is an error with the field
 * meant), and at least one (an empty matcher would match any item).
 */
function itemSchema(fields: readonly string[]) {
  return z
    .strictObject(Object.fromEntries(fields.map((field) => [field, matcherSchema.optional()])), {
      error: 'must be a mapping of fields to expected values',
    })
    .refine((item) => Object.values(item).some((value) => value !== undefined), {
      message: `matches any item: name at least one of ${fields.join(', ')}`,
    })
}
/** An expected item: the fields it cares about. */
export type ItemMatch = Record<string, Matcher | undefined>

const LIST_CHECKS = ['last', 'events', 'contains', 'excludes', 'count'] as const

/**
 * What a view (a list of items) must hold. A plain list means `events`. It must check something:
 * `customer: {}` or `excludes: []` would pass whatever the role saw.
 */
function viewSchema(fields: readonly string[], options: { hasUser?: boolean } = {}) {
  const item = itemSchema(fields)
  const nonEmpty = (what: string) =>
    z.array(item).min(1, `an empty ${what} list checks nothing; remove it or name items`)
  const shape = z
    .strictObject({
      /** The user whose view it is (agents and supervisors); default as for steps. */
      ...(options.hasUser ? { as: name.optional() } : {}),
      last: item.optional(),
      events: z.array(item).optional(),
      contains: nonEmpty('contains').optional(),
      excludes: nonEmpty('excludes').optional(),
      count: z.number({ error: 'must be a number' }).int().min(0).optional(),
    })
    .refine(
      (view) => LIST_CHECKS.some((check) => (view as Record<string, unknown>)[check] !== undefined),
      { message: `checks nothing: give one of ${LIST_CHECKS.join(', ')} (or a list of items)` },
    )
  // Typed by hand: zod cannot infer the optional `as` key spread in above.
  return z.preprocess(
    (value) => (Array.isArray(value) ? { events: value } : value),
    shape,
  ) as unknown as z.ZodType<ViewExpectation>
}
/** What a view must hold: `last` / `events` / `contains` / `excludes` / `count`. */
export interface ViewExpectation {
  as?: string
  last?: ItemMatch
  events?: ItemMatch[]
  contains?: ItemMatch[]
  excludes?: ItemMatch[]
  count?: number
}

/** Each idle setting by its wire key (`timeout-alert: 60`, `include-notices: typing`). */
const idleSettingExpectations = Object.fromEntries(
  Object.values(IDLE_SETTING_KEYS).map((key) => [key, scalar.optional()]),
)
const idleExpectationSchema = z
  .strictObject({
    phase: z.enum(IDLE_PHASES).optional(),
    /** Time from now to the running phase's deadline, or null for none. */
    deadline: durationSchema.nullable().optional(),
    ...idleSettingExpectations,
  })
  .refine((idle) => Object.values(idle).some((value) => value !== undefined), {
    message: 'an empty idle expectation checks nothing: name phase, deadline or a setting',
  })

const gmsView = viewSchema(GMS_FIELDS)
/**
 * The `expect` step. Each key is one check; add a new one here and in `expectations.ts`
 * (`checkExpectations` there runs the checks that need no session, such as `strategyErrors` and
 * `stats`, before it looks one up).
 */
const expectSchema = z
  .strictObject({
    session: name.optional(),
    /** Checked at this time from the scenario's start: the clock moves there first. */
    at: durationSchema.optional(),
    state: z.enum(SESSION_STATES).optional(),
    closeReason: z.enum(CLOSE_REASONS).nullable().optional(),
    /** The language code, or null. */
    language: text.nullable().optional(),
    userData: z
      .record(text, text.nullable())
      .refine((userData) => Object.keys(userData).length > 0, 'an empty userData checks nothing')
      .optional(),
    idle: idleExpectationSchema.optional(),
    customer: gmsView.optional(),
    agent: viewSchema(CONSOLE_FIELDS, { hasUser: true }).optional(),
    supervisor: viewSchema(CONSOLE_FIELDS, { hasUser: true }).optional(),
    /** A fresh GMS transcript of the customer's chat, from position 1. */
    transcript: gmsView.optional(),
    /** The idle timeline, as the console's `idleTimeline` shows it to a supervisor. */
    timeline: viewSchema(TIMELINE_FIELDS).optional(),
    /** Strategy failures so far: how many (`count`), or which. */
    strategyErrors: z
      .preprocess(
        (value) => (typeof value === 'number' ? { count: value } : value),
        viewSchema(FAILURE_FIELDS),
      )
      .optional(),
    /** The dashboard's figures, as a supervisor reads them now (docs/dashboard.md). */
    stats: statsExpectationSchema.optional(),
  })
  .refine(
    (expect) =>
      Object.entries(expect).some(
        ([key, value]) => key !== 'session' && key !== 'at' && value !== undefined,
      ),
    { message: 'an expect step checks nothing: name what must hold (state, customer, agent ...)' },
  )
/** An `expect` step. */
export type ExpectStep = z.infer<typeof expectSchema>

/** `wait: 90s` (from now), or `wait: { until: 2h }` (from the scenario's start). */
const waitSchema = z.union([durationSchema, z.strictObject({ until: durationSchema })], {
  error: 'must be a duration such as 90s, or { until: 2h } (from the scenario start)',
})

/** `repeat: { times: 3, steps: [...] }`; its steps are checked one by one (scenario-steps.ts). */
const repeatSchema = z.strictObject({
  times: z.number({ error: 'must be a number' }).int().min(1).max(1000),
  steps: z.array(z.unknown(), { error: 'must be a list of steps' }).min(1, 'must list a step'),
})

const STEP_KINDS = [
  'customer',
  'agent',
  'supervisor',
  'esp',
  'wait',
  'expect',
  'include',
  'repeat',
] as const
/** One step, as written. `include` and `repeat` are expanded when the file is loaded. */
export const stepSchema = z
  .strictObject({
    customer: customerStepSchema.optional(),
    agent: agentStepSchema.optional(),
    supervisor: supervisorStepSchema.optional(),
    esp: espStepSchema.optional(),
    wait: waitSchema.optional(),
    expect: expectSchema.optional(),
    /** A file of shared steps, relative to this file: a list of steps, or `{ steps: [...] }`. */
    include: text.min(1, 'must name a file').optional(),
    repeat: repeatSchema.optional(),
  })
  .superRefine(oneAction('scenario', STEP_KINDS))
/** One step of a scenario. */
export type Step = z.infer<typeof stepSchema>

/** One row of a parameter matrix: `${key}` in the scenario is replaced by its value. */
const matrixRowSchema = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a name of letters, digits or _'),
  scalar,
  { error: 'must be a mapping of parameter names to values' },
)

/**
 * A scenario file. `config` is checked by the configuration's own schema (scenario-config.ts);
 * `steps` one by one once includes and repeats are expanded (scenario-steps.ts).
 */
export const scenarioSchema = z.strictObject({
  name: text.min(1, 'must not be empty'),
  description: text.optional(),
  /** One run of the scenario for each row, `${key}` replaced by the row's values. */
  matrix: z
    .array(matrixRowSchema, { error: 'must be a list of parameter rows' })
    .min(1, 'must list a row')
    .optional(),
  /** Real time a step may take to settle (default 10s, or `--step-timeout`). */
  stepTimeout: durationSchema.optional(),
  /** Real time the whole scenario may take; over it, it fails. */
  wallTime: durationSchema.optional(),
  config: z
    .record(text, z.unknown(), { error: 'must be a mapping (the config file shape)' })
    .optional(),
  steps: z.array(z.unknown(), { error: 'must be a list of steps' }).min(1, 'must list a step'),
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
