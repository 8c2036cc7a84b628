/** Longest text quoted in full in a message; longer ones are cut (tokens, pasted paragraphs). */
const MAX_QUOTED_LENGTH = 60

/** How a value from a configuration file is shown in a message: `0`, `"45s"`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'an empty value'
  if (typeof value === 'string') {
    const shown = value.length > MAX_QUOTED_LENGTH ? `${value.slice(0, MAX_QUOTED_LENGTH)}…` : value
    return JSON.stringify(shown)
  }
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  return String(value)
}
