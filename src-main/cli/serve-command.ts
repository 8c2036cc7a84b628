import { resolveDataDir } from '../config/load-config'
import { createStderrLogger } from '../logging'
import { startServer } from '../server'

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
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
  // Only now: whoever waits for the ready line may signal at once.
  process.stdout.write(`${JSON.stringify(running.ready)}\n`)
}
