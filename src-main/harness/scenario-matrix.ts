/**
 * Parameter matrices (docs/harness.md, "Reuse"): a scenario with `matrix:` runs once per row, each
 * `${key}` in its name, config and steps replaced by the row's value. A string that is exactly
 * one placeholder takes the value itself, so `timeout-alert: ${idle}` stays a number.
 */

/** A row of the matrix. */
export type MatrixRow = Readonly<Record<string, string | number | boolean>>

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g
const WHOLE_PLACEHOLDER = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/

/** The placeholders `value` uses, anywhere in it. */
export function placeholdersIn(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const [, key] of value.matchAll(PLACEHOLDER)) if (key) found.add(key)
  } else if (Array.isArray(value)) {
    for (const item of value) placeholdersIn(item, found)
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      placeholdersIn(key, found)
      placeholdersIn(item, found)
    }
  }
  return found
}

/** `value` with each `${key}` of `row` replaced; unknown keys are left as they are. */
export function substitute(value: unknown, row: MatrixRow): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(value)?.[1]
    if (whole !== undefined && whole in row) return row[whole]
    return value.replace(PLACEHOLDER, (text, key: string) => (key in row ? String(row[key]) : text))
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, row))
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        String(substitute(key, row)),
        substitute(item, row),
      ]),
    )
  }
  return value
}

/** The run's name: the name with its placeholders filled, or the name and the row. */
export function rowName(name: string, row: MatrixRow): string {
  if (placeholdersIn(name).size > 0) return String(substitute(name, row))
  const values = Object.entries(row).map(([key, value]) => `${key}=${String(value)}`)
  return `${name} [${values.join(', ')}]`
}
