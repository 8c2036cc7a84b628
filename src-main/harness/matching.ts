/**
 * Matching what a scenario expects against what a role saw. An expected item names only the
 * fields it cares about; each is compared exactly (text as text, so `at: "30"` and `at: 30`
 * agree), or with `{contains}` / `{regex}`. A failure says which field differs, expected and
 * actual, in lines meant for a terminal.
 */
import type { ItemMatch, Matcher, ViewExpectation } from './scenario-schema'
import { formatItem, type Item } from './views'

/** True when `actual` satisfies `matcher`. */
export function matchesValue(matcher: Matcher, actual: unknown): boolean {
  if (matcher === null) return actual === null || actual === undefined
  if (typeof matcher === 'object') {
    const textValue = actual === null || actual === undefined ? '' : String(actual)
    if ('contains' in matcher) return textValue.includes(matcher.contains)
    return new RegExp(matcher.regex).test(textValue)
  }
  if (actual === undefined) return false
  if (typeof matcher === 'number') return Number(actual) === matcher
  if (typeof matcher === 'boolean') return actual === matcher
  return String(actual) === matcher
}

/** `"Hi"`, `{contains: "Hi"}`, `null`. */
export function formatMatcher(matcher: Matcher): string {
  if (matcher !== null && typeof matcher === 'object') {
    return 'contains' in matcher
      ? `{contains: ${JSON.stringify(matcher.contains)}}`
      : `{regex: ${JSON.stringify(matcher.regex)}}`
  }
  return JSON.stringify(matcher)
}

/** The fields of `actual` that do not satisfy `expected`, one line each; empty on a match. */
export function itemDifferences(expected: ItemMatch, actual: Item): string[] {
  return definedFields(expected)
    .filter(([field, matcher]) => !matchesValue(matcher, actual[field]))
    .map(([field, matcher]) => {
      const seen = field in actual ? JSON.stringify(actual[field]) : '(no such field)'
      return `${field}: expected ${formatMatcher(matcher)}, got ${seen}`
    })
}

const isMatch = (expected: ItemMatch, actual: Item) =>
  itemDifferences(expected, actual).length === 0

/** The fields an item matcher names (the schema leaves the others undefined). */
function definedFields(expected: ItemMatch): [string, Matcher][] {
  return Object.entries(expected).filter(
    (entry): entry is [string, Matcher] => entry[1] !== undefined,
  )
}

function formatExpected(expected: ItemMatch): string {
  const fields = definedFields(expected).map(([key, value]) => `${key}: ${formatMatcher(value)}`)
  return `{${fields.join(', ')}}`
}

/** One failed part of an expectation: where, what, and the lines that show it. */
export interface Mismatch {
  path: string
  message: string
  details: string[]
}

function checkLast(path: string, expected: ItemMatch, items: readonly Item[]): Mismatch[] {
  const last = items.at(-1)
  if (!last)
    return [
      { path, message: 'nothing seen yet', details: [`expected ${formatExpected(expected)}`] },
    ]
  const differences = itemDifferences(expected, last)
  if (differences.length === 0) return []
  return [
    {
      path,
      message: differences[0] ?? 'differs',
      details: [
        `expected ${formatExpected(expected)}`,
        `actual   ${formatItem(last)}`,
        ...differences.map((line) => `  ${line}`),
      ],
    },
  ]
}

/** One line of a sequence diff: both sides, only the expected one, or only the seen one. */
type Aligned =
  | { kind: 'same' | 'changed'; want: ItemMatch; seen: Item; position: number }
  | { kind: 'missing'; want: ItemMatch }
  | { kind: 'extra'; seen: Item; position: number }

/**
 * Lines up expected and seen items with a longest common subsequence, so one missing item shows
 * as one `-` line and the rest still match (a position-by-position comparison would mark every
 * item after it as changed). Between two matching items, leftovers on both sides pair up as
 * changed items; what remains is missing or not expected.
 */
export function alignSequences(expected: readonly ItemMatch[], items: readonly Item[]): Aligned[] {
  const rows = expected.length
  const columns = items.length
  // common[i][j]: length of the longest common subsequence of expected[i..] and items[j..].
  const common = Array.from({ length: rows + 1 }, () => new Array<number>(columns + 1).fill(0))
  const matches = expected.map((want) => items.map((seen) => isMatch(want, seen)))
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = columns - 1; j >= 0; j--) {
      common[i]![j] = matches[i]![j]
        ? common[i + 1]![j + 1]! + 1
        : Math.max(common[i + 1]![j]!, common[i]![j + 1]!)
    }
  }
  const aligned: Aligned[] = []
  const wantGap: ItemMatch[] = []
  const seenGap: { seen: Item; position: number }[] = []
  const flushGap = () => {
    const paired = Math.min(wantGap.length, seenGap.length)
    for (let k = 0; k < paired; k++) {
      aligned.push({ kind: 'changed', want: wantGap[k]!, ...seenGap[k]! })
    }
    for (const want of wantGap.slice(paired)) aligned.push({ kind: 'missing', want })
    for (const extra of seenGap.slice(paired)) aligned.push({ kind: 'extra', ...extra })
    wantGap.length = 0
    seenGap.length = 0
  }
  let i = 0
  let j = 0
  while (i < rows || j < columns) {
    if (i < rows && j < columns && matches[i]![j] && common[i]![j] === common[i + 1]![j + 1]! + 1) {
      flushGap()
      aligned.push({ kind: 'same', want: expected[i]!, seen: items[j]!, position: j + 1 })
      i += 1
      j += 1
    } else if (j < columns && (i === rows || common[i]![j + 1]! >= common[i + 1]![j]!)) {
      seenGap.push({ seen: items[j]!, position: j + 1 })
      j += 1
    } else {
      wantGap.push(expected[i]!)
      i += 1
    }
  }
  flushGap()
  return aligned
}

function diffLines(line: Aligned): string[] {
  const number = (position: number) => String(position).padStart(3)
  switch (line.kind) {
    case 'same':
      return [`  ✓ ${number(line.position)} ${formatItem(line.seen)}`]
    case 'changed':
      return [
        `  ✗ ${number(line.position)} expected ${formatExpected(line.want)}`,
        `          actual ${formatItem(line.seen)}`,
        ...itemDifferences(line.want, line.seen).map((text) => `            ${text}`),
      ]
    case 'missing':
      return [`  -     missing  ${formatExpected(line.want)}`]
    case 'extra':
      return [`  + ${number(line.position)} not expected ${formatItem(line.seen)}`]
  }
}

function checkEvents(path: string, expected: readonly ItemMatch[], items: readonly Item[]) {
  const aligned = alignSequences(expected, items)
  if (aligned.every((line) => line.kind === 'same')) return []
  const message = `${expected.length} expected, ${items.length} seen`
  return [{ path, message, details: aligned.flatMap(diffLines) }]
}

function checkContains(path: string, expected: readonly ItemMatch[], items: readonly Item[]) {
  let from = 0
  for (const [index, want] of expected.entries()) {
    const found = items.findIndex((item, position) => position >= from && isMatch(want, item))
    if (found === -1) {
      const after = from === 0 ? '' : ` after the one at position ${from}`
      return [
        {
          path: `${path}[${index}]`,
          message: `nothing${after} matches ${formatExpected(want)}`,
          details: items.map(
            (item, position) => `  ${String(position + 1).padStart(3)} ${formatItem(item)}`,
          ),
        },
      ]
    }
    from = found + 1
  }
  return []
}

function checkExcludes(path: string, excluded: readonly ItemMatch[], items: readonly Item[]) {
  for (const [index, unwanted] of excluded.entries()) {
    const found = items.find((item) => isMatch(unwanted, item))
    if (found) {
      const message = `seen although excluded: ${formatExpected(unwanted)}`
      return [{ path: `${path}[${index}]`, message, details: [`seen ${formatItem(found)}`] }]
    }
  }
  return []
}

const isItemList = (value: ViewExpectation | readonly ItemMatch[]): value is readonly ItemMatch[] =>
  Array.isArray(value)

/** Checks one view against its expectation; empty when everything holds. */
export function checkView(
  path: string,
  expectation: ViewExpectation | readonly ItemMatch[],
  items: readonly Item[],
): Mismatch[] {
  const spec: ViewExpectation = isItemList(expectation) ? { events: [...expectation] } : expectation
  const mismatches: Mismatch[] = []
  if (spec.count !== undefined && spec.count !== items.length) {
    mismatches.push({
      path: `${path}.count`,
      message: `expected ${spec.count}, saw ${items.length}`,
      details: items.map((item) => `  ${formatItem(item)}`),
    })
  }
  if (spec.last) mismatches.push(...checkLast(`${path}.last`, spec.last, items))
  if (spec.events) mismatches.push(...checkEvents(`${path}.events`, spec.events, items))
  if (spec.contains) mismatches.push(...checkContains(`${path}.contains`, spec.contains, items))
  if (spec.excludes) mismatches.push(...checkExcludes(`${path}.excludes`, spec.excludes, items))
  return mismatches
}
