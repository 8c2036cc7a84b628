/**
 * A YAML configuration file read from disk: its data, and where each key sits in it, so that a
 * problem found later can name the line to edit.
 */
import { readFileSync } from 'node:fs'
import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml'
import type { Document } from 'yaml'
import { ConfigError, formatConfigPath } from './config-error'
import type { ConfigPath, ConfigProblem } from './config-error'
import type { ConfigIssue } from './config-references'

/** Where a key path points in the file. */
export interface YamlLocation {
  /** 1-based. */
  line: number
  column: number
  /** False when the path is not in the file: the location is then its nearest enclosing key. */
  isExact: boolean
}

export interface YamlSource {
  /** The file's path, as it is shown in messages. */
  file: string
  /** The document as plain data; `null` for an empty file. */
  data: unknown
  /** Position of the key at `path` (of the list item, for a list index). */
  locate(path: ConfigPath): YamlLocation | undefined
}

function readProblem(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? error.code : undefined
  if (code === 'ENOENT') return 'file not found'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EISDIR') return 'is a folder, not a file'
  return `cannot be read (${error instanceof Error ? error.message : String(error)})`
}

function startOf(node: unknown): number | undefined {
  return isNode(node) ? node.range?.[0] : undefined
}

function locate(
  document: Document,
  lineCounter: LineCounter,
  path: ConfigPath,
): YamlLocation | undefined {
  let node: unknown = document.contents
  let offset = startOf(node)
  let isExact = true
  for (const step of path) {
    if (isAlias(node)) node = node.resolve(document)
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(step),
      )
      if (pair === undefined) {
        isExact = false
        break
      }
      offset = startOf(pair.key) ?? offset
      node = pair.value
    } else if (isSeq(node) && typeof step === 'number' && step < node.items.length) {
      node = node.items[step]
      offset = startOf(node) ?? offset
    } else {
      isExact = false
      break
    }
  }
  if (offset === undefined) return undefined
  const { line, col } = lineCounter.linePos(offset)
  return { line, column: col, isExact }
}

/**
 * Reads and parses `file`. Throws `ConfigError` when it cannot be read or is not valid YAML (the
 * first syntax error, with its line and column: later ones are usually its consequences).
 */
export function readYamlSource(file: string): YamlSource {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new ConfigError(file, [{ path: '', message: readProblem(error) }])
  }
  const lineCounter = new LineCounter()
  // Duplicate keys are errors (`uniqueKeys`): the second one would silently win otherwise.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const [syntaxError] = document.errors
  if (syntaxError !== undefined) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0])
    const message = `YAML syntax error: ${syntaxError.message}`
    throw new ConfigError(file, [{ path: '', message, line, column: col }])
  }
  let data: unknown
  try {
    data = document.toJS()
  } catch (error) {
    // e.g. too many aliases, which the yaml package refuses as a resource-exhaustion attack.
    const message = `YAML error: ${error instanceof Error ? error.message : String(error)}`
    throw new ConfigError(file, [{ path: '', message }])
  }
  return { file, data, locate: (path) => locate(document, lineCounter, path) }
}

/**
 * Problems, in file order, for issues found in `source` (or in data merged from it).
 * `describeMissing` explains an issue whose key is not in the file: it came from elsewhere.
 */
export function problemsAt(
  source: YamlSource,
  issues: readonly ConfigIssue[],
  describeMissing?: (issue: ConfigIssue) => string,
): ConfigProblem[] {
  const located = issues.map((issue) => {
    const location = source.locate(issue.path)
    const isMissing = (location === undefined || !location.isExact) && describeMissing
    return {
      path: formatConfigPath(issue.path),
      message: isMissing ? `${issue.message}; ${describeMissing(issue)}` : issue.message,
      ...(location && { line: location.line, column: location.column }),
    }
  })
  const lineOf = (problem: ConfigProblem) => problem.line ?? Number.MAX_SAFE_INTEGER
  return located.sort((a, b) => lineOf(a) - lineOf(b))
}
