import type { Logger } from './engine/ports'

/** Serialises errors so that their message and stack survive JSON. */
function plain(fields: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!fields) return {}
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      value instanceof Error ? { message: value.message, stack: value.stack } : value,
    ]),
  )
}

/** One JSON line per entry on stderr: stdout is kept for the ready line (README, spec). */
export function createStderrLogger(minimum: 'info' | 'warn' | 'error' = 'info'): Logger {
  const levels = ['info', 'warn', 'error'] as const
  const threshold = levels.indexOf(minimum)
  const write = (
    level: (typeof levels)[number],
    message: string,
    fields?: Record<string, unknown>,
  ) => {
    if (levels.indexOf(level) < threshold) return
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level, message, ...plain(fields) })}\n`,
    )
  }
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  }
}

/** A logger that drops everything (tests that do not assert on logs). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} }
