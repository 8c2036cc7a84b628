/**
 * A failed write as the engine's `StoreWriteError` when the disk or the file is at fault, wherever
 * it was committed (the main connection or the writer thread).
 */
import { StoreWriteError } from '../engine/ports'

/** SQLite primary result codes that mean the disk or the file, not the statement, is at fault. */
const IO_RESULT_CODES = new Set([
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_READONLY',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_PROTOCOL',
])

/** `SQLITE_IOERR_WRITE` → `SQLITE_IOERR`: extended codes add one word to the primary one. */
function primaryCode(code: string): string {
  return code.split('_').slice(0, 2).join('_')
}

/**
 * A failed commit as the engine's `StoreWriteError` when the disk or the file is at fault
 * (docs/limits.md, "Storage"); anything else (a constraint, a bug) as it is.
 */
export function classifyWriteError(error: unknown): unknown {
  const code = error instanceof Error && 'code' in error ? String(error.code) : ''
  const message = error instanceof Error ? error.message : String(error)
  const primary = primaryCode(code)
  if (primary === 'SQLITE_FULL') return new StoreWriteError('disk-full', message, { cause: error })
  if (IO_RESULT_CODES.has(primary)) return new StoreWriteError('io', message, { cause: error })
  return error
}
