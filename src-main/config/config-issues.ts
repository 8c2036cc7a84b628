/**
 * Turns zod's issues into `ConfigIssue`s a user can act on: one per unknown key, each pointing at
 * the key itself and suggesting the key that was probably meant.
 */
import { z } from 'zod'
import type { ConfigPath } from './config-error'
import type { ConfigIssue } from './config-references'

/** Steps into optional, nullable and preprocessed schemas to the schema that holds the shape. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) {
      current = current.unwrap()
    } else if (current instanceof z.ZodPipe) {
      current = current.out
    } else {
      return current
    }
  }
}

/** The keys the object schema at `path` allows; none when `path` leads elsewhere. */
export function allowedKeysAt(schema: z.core.$ZodType, path: ConfigPath): string[] {
  let current: z.core.$ZodType | undefined = unwrap(schema)
  for (const step of path) {
    if (current instanceof z.ZodObject) current = current.shape[String(step)]
    else if (current instanceof z.ZodArray) current = current.element
    else if (current instanceof z.ZodRecord) current = current.valueType
    else return []
    if (current === undefined) return []
    current = unwrap(current)
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : []
}

/** Edit distance, to suggest `timeout-alert` for `timeout-alrt`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution)
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

/** The allowed key closest to `key`, if close enough to be a typo. */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase().replace(/_/g, '-')
  let best: { key: string; distance: number } | undefined
  for (const candidate of allowed) {
    const distance = editDistance(lower, candidate.toLowerCase().replace(/_/g, '-'))
    // Short keys tolerate one slip, longer ones two or more (`timout-alert`, `brust`).
    const tolerance = candidate.length <= 4 ? 1 : Math.max(2, Math.floor(candidate.length / 4))
    if (distance <= tolerance && distance < (best?.distance ?? Infinity)) {
      best = { key: candidate, distance }
    }
  }
  return best?.key
}

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const suggestion = closestKey(key, allowed)
  if (suggestion !== undefined) return `unknown key (did you mean ${suggestion}?)`
  return allowed.length > 0 ? `unknown key (allowed here: ${allowed.join(', ')})` : 'unknown key'
}

function toPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((step) => (typeof step === 'number' ? step : String(step)))
}

/** Issues of a failed parse of `schema`, one per problem. */
export function issuesFromZod(schema: z.core.$ZodType, error: z.ZodError): ConfigIssue[] {
  return error.issues.flatMap((issue): ConfigIssue[] => {
    const path = toPath(issue.path)
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = allowedKeysAt(schema, path)
        return issue.keys.map((key) => ({
          path: [...path, key],
          message: unknownKeyMessage(key, allowed),
        }))
      }
      case 'invalid_key':
        return [{ path, message: `the key ${issue.issues[0]?.message ?? 'is not valid'}` }]
      default:
        return [{ path, message: issue.message }]
    }
  })
}
