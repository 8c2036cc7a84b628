import { resolveDataDir } from '../config/load-config'
import { createStderrLogger } from '../logging'
import { startServer } from '../server'

/** Signals this soon after the first are the same request to stop, not an impatient second one. */
const REPEATED_SIGNAL_MS = 2000

export interface ServeOptions {
  dataDir?: string
  config?: string
  host: string
  gmsPort: number
  espPort: number
  consolePort: number
}

/**
 * `switchboard serve`: start everything, print the ready line on stdout, and shut down cleanly
 * (listeners closed, store flushed) on SIGINT or SIGTERM, exiting 0.
 */
export async function serveCommand(options: ServeOptions): Promise<void> {
  const logger = createStderrLogger()
  const dataDir = resolveDataDir(options.dataDir)
  let server
  try {
    server = await startServer({
      dataDir,
      configFile: options.config,
      host: options.host,
      gmsPort: options.gmsPort,
      espPort: options.espPort,
      consolePort: options.consolePort,
      logger,
    })
  } catch (error) {
    process.stderr.write(`switchboard: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
  const running = server
  const stop = (signal: string) => {
    logger.info('shutting down', { signal })
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error })
        process.exit(1)
      },
    )
  }
  let firstSignalAt: number | undefined
  const onSignal = (signal: string) => {
    if (firstSignalAt === undefined) {
      firstSignalAt = Date.now()
      stop(signal)
      return
    }
    // One Ctrl+C often arrives twice: from the terminal, and forwarded by `npm start`'s
    // launcher. Only a later signal means "stop now", without a clean shutdown.
    if (Date.now() - firstSignalAt < REPEATED_SIGNAL_MS) return
    logger.warn('stopping at once, without a clean shutdown', { signal })
    process.exit(130)
  }
  process.on('SIGINT', () => onSignal('SIGINT'))
  process.on('SIGTERM', () => onSignal('SIGTERM'))
  // Only now: whoever waits for the ready line may signal at once.
  process.stdout.write(`${JSON.stringify(running.ready)}\n`)
}
