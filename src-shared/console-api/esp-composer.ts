/**
 * What the console's ESP composer needs to build a form: the four methods of docs/esp.md, their
 * parameters with their rules, and a check of a filled-in form with the sentences ESP answers.
 * The composer sends through the real ESP endpoint (`espSend`), which stays the judge: this check
 * only lets the form show a problem next to its field before sending. A developer may still send
 * a request the check refuses, to see the fault ESP answers.
 */
import { INCLUDE_NOTICES } from '../domain'
import { IDLE_SETTING_KEYS, RESET_PARAMETERS_KEY, parseIdleChange } from '../idle-settings'
import { nicknameProblem, tooLongProblem } from '../text-limits'
import { MAX_TEXT_LENGTH } from './constants'

/** The four methods of docs/esp.md, in the order the composer lists them. */
export const ESP_COMPOSER_METHOD_NAMES = [
  'Message',
  'Notice',
  'IdleControlConfigure',
  'ConfigureSession',
] as const
/** One of {@link ESP_COMPOSER_METHOD_NAMES}. */
export type EspComposerMethodName = (typeof ESP_COMPOSER_METHOD_NAMES)[number]

/** How a parameter is edited: free text, a choice, a number of seconds, a flag, a URL. */
export type EspParameterKind = 'text' | 'choice' | 'seconds' | 'boolean'

/** One field of the composer form. */
export interface EspParameterSpec {
  name: string
  kind: EspParameterKind
  /** Mandatory; `NoticeText` is mandatory only for `USER_PUSHED_URL` (see `checkEspForm`). */
  isMandatory: boolean
  /** The allowed values of a `choice`. */
  choices?: readonly string[]
  /** Longest text, or the range of `seconds`. */
  maxLength?: number
  min?: number
  max?: number
  /** One sentence for the form. */
  help: string
}

/** One method of the composer: its help and its fields. */
export interface EspMethodSpec {
  help: string
  parameters: readonly EspParameterSpec[]
  /** At least one parameter must be given (`no-parameters`). */
  needsOne: boolean
}

const sender: readonly EspParameterSpec[] = [
  {
    name: 'Nickname',
    kind: 'text',
    isMandatory: false,
    maxLength: 64,
    help: 'The EXTERNAL party posting it; default "system"',
  },
  {
    name: 'Visibility',
    kind: 'choice',
    isMandatory: false,
    choices: ['ALL', 'INT', 'VIP'],
    help: 'ALL (default), INT (agents and supervisors), VIP (supervisors only)',
  },
]

const text = (name: string, help: string, isMandatory = false): EspParameterSpec => ({
  name,
  kind: 'text',
  isMandatory,
  maxLength: MAX_TEXT_LENGTH,
  help,
})

const seconds = (name: string, min: number, help: string): EspParameterSpec => ({
  name,
  kind: 'seconds',
  isMandatory: false,
  min,
  max: 86400,
  help,
})

/** docs/esp.md, "Methods", as form fields. */
export const ESP_COMPOSER_METHODS: Record<EspComposerMethodName, EspMethodSpec> = {
  Message: {
    help: 'Posts a text message into the session',
    needsOne: false,
    parameters: [
      text('MessageText', 'The text, 1 to 16384 characters', true),
      { ...text('MessageType', 'Carried with the message untouched'), maxLength: 64 },
      ...sender,
    ],
  },
  Notice: {
    help: 'Sends a notice: a pushed URL or a custom notice',
    needsOne: false,
    parameters: [
      {
        name: 'NoticeType',
        kind: 'choice',
        isMandatory: true,
        choices: ['USER_PUSHED_URL', 'USER_CUSTOM'],
        help: 'USER_PUSHED_URL or USER_CUSTOM',
      },
      text('NoticeText', 'For USER_PUSHED_URL an absolute http: or https: URL (mandatory)'),
      ...sender,
    ],
  },
  IdleControlConfigure: {
    help: "Changes the session's inactivity control at once",
    needsOne: true,
    parameters: [
      {
        name: RESET_PARAMETERS_KEY,
        kind: 'boolean',
        isMandatory: false,
        help: "First return every setting to the application's configuration",
      },
      { name: 'enabled', kind: 'boolean', isMandatory: false, help: 'Idle control on or off' },
      {
        name: 'include-notices',
        kind: 'choice',
        isMandatory: false,
        choices: INCLUDE_NOTICES,
        help: 'Which notices count as activity',
      },
      seconds('timeout-alert', 1, 'Inactivity before the first alert'),
      seconds('timeout-alert2', 0, 'After the first alert, before the second; 0: none'),
      seconds('timeout-close', 1, 'After the last alert, before the session closes'),
      text('message-alert', 'The first alert; may be empty'),
      text('message-alert2', 'The second alert; may be empty'),
      text('message-close', 'Posted at close; may be empty'),
    ],
  },
  ConfigureSession: {
    help: "Switches the session's language",
    needsOne: true,
    parameters: [
      text('GCTI_LanguageCode', 'A configured language code; decides when given'),
      text('GCTI_LanguageName', 'A configured language name; used without a code'),
    ],
  },
}

/** A form problem, named as ESP names it in a fault. */
export interface EspFormProblem {
  /** The parameter at fault; absent for `no-parameters`. */
  parameter?: string
  code: 'missing-parameter' | 'invalid-parameter' | 'no-parameters'
  text: string
}

function checkField(spec: EspParameterSpec, value: string | undefined): EspFormProblem | undefined {
  const invalid = (text: string): EspFormProblem => ({
    parameter: spec.name,
    code: 'invalid-parameter',
    text,
  })
  if (spec.isMandatory && (value === undefined || value === '')) {
    return {
      parameter: spec.name,
      code: 'missing-parameter',
      text: `${spec.name} is mandatory and must not be empty`,
    }
  }
  if (value === undefined) return undefined
  // As ESP reads them: lengths in code points, a nickname neither blank nor with control characters.
  const lengthProblem =
    spec.name === 'Nickname'
      ? nicknameProblem(spec.name, value)
      : spec.maxLength === undefined
        ? undefined
        : tooLongProblem(spec.name, value, spec.maxLength)
  if (lengthProblem !== undefined) return invalid(lengthProblem)
  if (spec.kind === 'choice' && !spec.choices?.includes(value)) {
    return invalid(`${spec.name} must be one of ${spec.choices?.join(', ')} (got "${value}")`)
  }
  return undefined
}

function checkNoticeText(form: Readonly<Record<string, string>>): EspFormProblem | undefined {
  if (form.NoticeType !== 'USER_PUSHED_URL') return undefined
  const url = form.NoticeText ?? ''
  if (url === '') {
    return { parameter: 'NoticeText', code: 'missing-parameter', text: 'NoticeText is mandatory' }
  }
  if (/^https?:\/\/[^/\s]+/i.test(url)) return undefined
  return {
    parameter: 'NoticeText',
    code: 'invalid-parameter',
    text: 'NoticeText of a USER_PUSHED_URL must be an absolute http: or https: URL',
  }
}

/**
 * The problems of a form, in the order ESP checks them; empty when ESP should accept it. `form`
 * holds the parameters the user included (an included empty text is sent as an empty text: an
 * idle message may be empty). Keys the method does not know are ESP's `ignoredParameters`, not
 * problems.
 */
export function checkEspForm(
  method: EspComposerMethodName,
  form: Readonly<Record<string, string>>,
): EspFormProblem[] {
  const spec = ESP_COMPOSER_METHODS[method]
  const problems: EspFormProblem[] = []
  for (const parameter of spec.parameters) {
    const problem = checkField(parameter, form[parameter.name])
    if (problem) problems.push(problem)
  }
  const noticeProblem = method === 'Notice' ? checkNoticeText(form) : undefined
  if (noticeProblem) problems.push(noticeProblem)
  const given = spec.parameters.filter((parameter) => form[parameter.name] !== undefined)
  if (spec.needsOne && given.length === 0) {
    problems.push({ code: 'no-parameters', text: `${method} needs at least one parameter` })
  }
  if (method === 'IdleControlConfigure') {
    const parsed = parseIdleChange(form)
    if (!parsed.ok) problems.push({ ...parsed.problem, code: 'invalid-parameter' })
  }
  // One problem per field: the first, as ESP stops at the first.
  return problems.filter(
    (problem, index) =>
      problem.parameter === undefined ||
      problems.findIndex((other) => other.parameter === problem.parameter) === index,
  )
}

/** The wire keys of the idle settings, in form order (for a table of current values). */
export const IDLE_WIRE_KEYS = Object.values(IDLE_SETTING_KEYS)
