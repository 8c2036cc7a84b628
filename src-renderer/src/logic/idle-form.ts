/**
 * The idle-control editor's form logic: wire texts of the current settings, and the checks of
 * ESP's `IdleControlConfigure` (`parseIdleSetting` / `parseIdleChange`, the very functions the
 * engine uses), so the form refuses exactly what the server would, with the same sentences.
 */
import type { IdleSettings } from '../../../src-shared/domain'
import {
  IDLE_SETTING_KEYS,
  parseIdleChange,
  parseIdleSetting,
  RESET_PARAMETERS_KEY,
  type IdleSettingWireKey,
} from '../../../src-shared/idle-settings'

/** Every setting's wire key, in the order the editor shows them. */
export const IDLE_WIRE_KEYS = Object.values(IDLE_SETTING_KEYS) as IdleSettingWireKey[]

const FIELD_OF = new Map(
  (Object.entries(IDLE_SETTING_KEYS) as [keyof IdleSettings, IdleSettingWireKey][]).map(
    ([field, wire]) => [wire, field],
  ),
)

/** A setting as the wire writes it: `true`, `255`, `major`, a text. */
export function wireText(settings: IdleSettings, key: IdleSettingWireKey): string {
  const field = FIELD_OF.get(key)
  return field === undefined ? '' : String(settings[field])
}

/** The sentence that refuses `text` for `key`, or null when ESP would accept it. */
export function idleFieldProblem(key: IdleSettingWireKey, text: string): string | null {
  const field = FIELD_OF.get(key)
  if (field === undefined) return null
  const parsed = parseIdleSetting(field, text)
  return parsed.ok ? null : parsed.problem.text
}

/** The settings to send: the edited keys whose text differs, and `reset-parameters` if asked. */
export function idleChangeToSend(
  current: IdleSettings,
  drafts: Partial<Record<IdleSettingWireKey, string>>,
  shouldReset: boolean,
): Record<string, string> {
  const settings: Record<string, string> = {}
  if (shouldReset) settings[RESET_PARAMETERS_KEY] = 'true'
  for (const key of IDLE_WIRE_KEYS) {
    const draft = drafts[key]
    if (draft !== undefined && (shouldReset || draft !== wireText(current, key))) {
      settings[key] = draft
    }
  }
  return settings
}

/** Every field's problem (keyed by wire key), and the whole change checked as ESP checks it. */
export function idleChangeProblems(settings: Record<string, string>): Record<string, string> {
  const problems: Record<string, string> = {}
  for (const key of IDLE_WIRE_KEYS) {
    const text = settings[key]
    const problem = text === undefined ? null : idleFieldProblem(key, text)
    if (problem) problems[key] = problem
  }
  const whole = parseIdleChange(settings)
  if (!whole.ok) problems[whole.problem.parameter] ??= whole.problem.text
  return problems
}
