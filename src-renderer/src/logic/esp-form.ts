/**
 * The ESP composer's form as data: what the user typed per parameter and whether it is sent,
 * the request it makes, and its problems from the contract's `checkEspForm` (ESP's own codes and
 * sentences), so that the component only renders.
 */
import {
  checkEspForm,
  ESP_COMPOSER_METHOD_NAMES,
  ESP_COMPOSER_METHODS,
  type EspComposerMethodName,
  type EspParameterSpec,
} from '../../../src-shared/console-api/esp-composer'
import type { Language } from '../../../src-shared/domain'
import { messages } from '../messages'

/** One parameter as the user left it. An optional one is sent only when `isIncluded`. */
export interface EspFieldDraft {
  value: string
  isIncluded: boolean
}

/** The fields of one method's form, by parameter name. */
export type EspDraft = Readonly<Record<string, EspFieldDraft>>

/** The key of the extra-parameters box in {@link EspFormCheck.fieldProblems}. */
export const EXTRA_FIELD = 'extra'

/** Longest parameter name the console accepts (the `espSend` schema's). */
const MAX_KEY_LENGTH = 64

/** A blank form: mandatory fields are always sent, optional ones once the user includes them. */
export function emptyEspDraft(method: EspComposerMethodName): EspDraft {
  return Object.fromEntries(
    ESP_COMPOSER_METHODS[method].parameters.map((spec) => [
      spec.name,
      { value: '', isIncluded: spec.isMandatory },
    ]),
  )
}

/** The draft with `name` set to `value`; typing into a field includes it. */
export function withValue(draft: EspDraft, name: string, value: string): EspDraft {
  return { ...draft, [name]: { value, isIncluded: true } }
}

/** The draft with `name` included or left out; a mandatory field stays included. */
export function withIncluded(
  draft: EspDraft,
  spec: EspParameterSpec,
  isIncluded: boolean,
): EspDraft {
  const current = draft[spec.name] ?? { value: '', isIncluded: false }
  return { ...draft, [spec.name]: { ...current, isIncluded: isIncluded || spec.isMandatory } }
}

/** The parameters the form sends: the included fields, an included empty text as ''. */
export function espFormOf(method: EspComposerMethodName, draft: EspDraft): Record<string, string> {
  const form: Record<string, string> = {}
  for (const spec of ESP_COMPOSER_METHODS[method].parameters) {
    const field = draft[spec.name]
    if (field?.isIncluded || spec.isMandatory) form[spec.name] = field?.value ?? ''
  }
  return form
}

/**
 * Extra `key=value` lines, one per line (blank lines skipped): keys the method does not know,
 * to see them come back in ESP's `ignoredParameters`. A key of the form's own is refused, so one
 * request never says two things about a parameter.
 */
export function parseExtraParameters(
  text: string,
  formKeys: readonly string[],
): { parameters: Record<string, string>; problem: string | null } {
  const parameters: Record<string, string> = {}
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    const split = line.indexOf('=')
    const key = split < 0 ? '' : line.slice(0, split).trim()
    if (key === '' || key.length > MAX_KEY_LENGTH) {
      return { parameters, problem: messages.esp.extraBadLine(line.trim()) }
    }
    if (formKeys.includes(key)) return { parameters, problem: messages.esp.extraIsField(key) }
    parameters[key] = line.slice(split + 1)
  }
  return { parameters, problem: null }
}

/** The request a form makes and what is wrong with it. */
export interface EspFormCheck {
  /** Form fields and extras together, as `espSend` sends them. */
  parameters: Record<string, string>
  /** ESP's sentence by parameter name ({@link EXTRA_FIELD} for the extras box). */
  fieldProblems: Record<string, string>
  /** Problems that name no parameter (`no-parameters`). */
  formProblems: string[]
  hasProblems: boolean
}

/** Checks the form with the contract's `checkEspForm`, as ESP would judge it. */
export function checkEspDraft(
  method: EspComposerMethodName,
  draft: EspDraft,
  extraText: string,
): EspFormCheck {
  const form = espFormOf(method, draft)
  const formKeys = ESP_COMPOSER_METHODS[method].parameters.map((spec) => spec.name)
  const extra = parseExtraParameters(extraText, formKeys)
  const fieldProblems: Record<string, string> = {}
  const formProblems: string[] = []
  for (const problem of checkEspForm(method, form)) {
    if (problem.parameter === undefined) formProblems.push(problem.text)
    else fieldProblems[problem.parameter] ??= problem.text
  }
  if (extra.problem) fieldProblems[EXTRA_FIELD] = extra.problem
  return {
    parameters: { ...form, ...extra.parameters },
    fieldProblems,
    formProblems,
    hasProblems: Object.keys(fieldProblems).length > 0 || formProblems.length > 0,
  }
}

/** The limit of a field, short: "max 64 characters", "1–86400 s", "ALL | INT | VIP". */
export function fieldRule(spec: EspParameterSpec): string | null {
  const { rules } = messages.esp
  if (spec.choices) return rules.choices(spec.choices)
  if (spec.kind === 'boolean') return rules.boolean
  if (spec.kind === 'seconds' && spec.min !== undefined && spec.max !== undefined) {
    return rules.seconds(spec.min, spec.max)
  }
  return spec.maxLength === undefined ? null : rules.maxLength(spec.maxLength)
}

/** `ConfigureSession`'s parameters, and the part of a configured language each one takes. */
const LANGUAGE_PARAMETERS: Readonly<Record<string, keyof Language>> = {
  GCTI_LanguageCode: 'code',
  GCTI_LanguageName: 'name',
}

/**
 * The values a field suggests: its choices, true/false for a flag, the application's configured
 * languages for `ConfigureSession`. Suggestions only: any text may be typed, to see ESP's fault.
 */
export function fieldSuggestions(
  spec: EspParameterSpec,
  languages: readonly Language[] = [],
): readonly string[] {
  if (spec.choices) return spec.choices
  if (spec.kind === 'boolean') return ['true', 'false']
  const part = LANGUAGE_PARAMETERS[spec.name]
  return part === undefined ? [] : languages.map((language) => language[part])
}

/** Message texts get a text area; names, choices, numbers and languages a one-line input. */
export function isLongText(spec: EspParameterSpec): boolean {
  return (
    spec.kind === 'text' &&
    (spec.maxLength ?? 0) > MAX_KEY_LENGTH &&
    LANGUAGE_PARAMETERS[spec.name] === undefined
  )
}

/** Narrows a select's value to one of the four methods. */
export function isEspMethodName(name: string): name is EspComposerMethodName {
  return (ESP_COMPOSER_METHOD_NAMES as readonly string[]).includes(name)
}
