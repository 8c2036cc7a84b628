/**
 * What a start has opened, in order, so that one list unwinds it: a failed start and a normal
 * stop close the same things the same way, last opened first (store, WAL worker, clock, timers,
 * listeners). A closer that fails is logged and the others still run.
 */
import type { Logger } from './engine/ports'

interface Closer {
  name: string
  close(): Promise<void> | void
}

export class Closers {
  private readonly closers: Closer[] = []
  private closing: Promise<void> | undefined

  constructor(private readonly logger: Logger) {}

  /** Registers what was just opened; returns `value` so a start reads as a list of steps. */
  add<T>(name: string, value: T, close: (value: T) => Promise<void> | void): T {
    this.closers.push({ name, close: () => close(value) })
    return value
  }

  /** Closes everything, last opened first, once; later calls wait for the same run. */
  closeAll(): Promise<void> {
    this.closing ??= (async () => {
      for (const closer of this.closers.reverse()) {
        try {
          await closer.close()
        } catch (error) {
          this.logger.error('closing failed', { what: closer.name, error })
        }
      }
    })()
    return this.closing
  }
}
