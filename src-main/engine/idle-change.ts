import type { IdleSettings } from '../../src-shared/domain'
import { IDLE_SETTING_KEYS, type IdleChange } from '../../src-shared/idle-settings'

/** `reset-parameters` first drops the session's overrides, then the other keys apply. */
export function mergeIdleChange(
  overrides: Partial<IdleSettings>,
  change: IdleChange,
): Partial<IdleSettings> {
  return { ...(change.resetParameters ? {} : overrides), ...change.changes }
}

const show = (value: IdleSettings[keyof IdleSettings]): string =>
  typeof value === 'string' ? JSON.stringify(value) : String(value)

/**
 * The text of `IDLE_CONTROL_SET`: what changed, from what to what, and by whom. A reset is named
 * even when it changed nothing, so the transcript shows that it was asked for.
 */
export function describeIdleChange(
  before: IdleSettings,
  after: IdleSettings,
  by: string,
  options: { isReset?: boolean } = {},
): string {
  const changes = (Object.keys(IDLE_SETTING_KEYS) as (keyof IdleSettings)[])
    .filter((field) => before[field] !== after[field])
    .map((field) => `${IDLE_SETTING_KEYS[field]} ${show(before[field])} → ${show(after[field])}`)
  const action = options.isReset ? "reset to the application's settings" : 'changed'
  if (changes.length > 0) return `Idle control ${action} by ${by}: ${changes.join(', ')}`
  return options.isReset ? `Idle control ${action} by ${by}` : `Idle control unchanged by ${by}`
}
