/**
 * A strategy that threw: where (file, line, column, from the stack) and on which session. The
 * runner logs it and tells the harness; the engine carries on (docs/harness.md).
 */
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/** A strategy that threw, located in its source. */
export interface StrategyFailure {
  /** Absolute path of the strategy module. */
  file: string
  /** 1-based position of the innermost stack frame in the strategy file, when there is one. */
  line?: number
  column?: number
  sessionId: string
  endpoint: string
  /** `TypeError: greeting is not defined`. */
  message: string
  stack?: string
}

/** `/path/file.ts:12:5`, `file:///path/file.mts:12:5?x` or `(file.ts:12:5)` in a stack line. */
const FRAME = /(?:\(|\s|^)((?:file:\/\/)?[^\s()]+?)(?:\?[^:\s()]*)?:(\d+):(\d+)\)?\s*$/

function framePath(text: string): string {
  return text.startsWith('file://') ? fileURLToPath(text) : text
}

/** The first frame of `stack` that lies in `file`. */
export function locateInStack(
  stack: string | undefined,
  file: string,
): { line: number; column: number } | undefined {
  for (const frame of (stack ?? '').split('\n').slice(1)) {
    const match = FRAME.exec(frame.trim())
    if (!match?.[1] || framePath(match[1]) !== file) continue
    return { line: Number(match[2]), column: Number(match[3]) }
  }
  return undefined
}

/** The failure of `error` thrown by the strategy `file` while handling `sessionId`. */
export function toStrategyFailure(
  error: unknown,
  at: { file: string; sessionId: string; endpoint: string },
): StrategyFailure {
  const isError = error instanceof Error
  const message = isError ? `${error.name}: ${error.message}` : `thrown: ${String(error)}`
  const stack = isError ? error.stack : undefined
  const location = locateInStack(stack, at.file)
  return { ...at, message, ...(stack === undefined ? {} : { stack }), ...location }
}

/** `resources/strategies/greeting.ts:12:5: session S0...1 (gms_builtin): TypeError: ...`. */
export function formatStrategyFailure(failure: StrategyFailure, cwd = process.cwd()): string {
  const where =
    failure.line === undefined
      ? relative(cwd, failure.file)
      : `${relative(cwd, failure.file)}:${failure.line}:${failure.column ?? 1}`
  return `${where}: strategy failed on session ${failure.sessionId} (${failure.endpoint}): ${failure.message}`
}
