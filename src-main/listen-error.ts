/**
 * Turns a listener's failure to bind into a start-up message that says what to do: which
 * listener, which option moves it, and why the port could not be used.
 */

/** The listener whose port is at stake, as the command line names it. */
export interface ListenerSpot {
  /** e.g. "GMS customer API" */
  name: string
  /** e.g. "--gms-port" */
  option: string
  host: string
  port: number
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** What the system call's code means for the person starting Switchboard. */
function reasonFor(code: string | undefined, spot: ListenerSpot): string | undefined {
  switch (code) {
    case 'EADDRINUSE':
      return `port ${spot.port} on ${spot.host} is in use by another program (or another Switchboard)`
    case 'EACCES':
      return `this user may not listen on port ${spot.port} on ${spot.host} (ports below 1024 need privileges)`
    case 'EADDRNOTAVAIL':
      return `${spot.host} is not an address of this machine`
    default:
      return undefined
  }
}

/**
 * An Error for a listen failure with a known cause, naming the listener and its option; any
 * other error is returned as it is.
 */
export function explainListenError(error: unknown, spot: ListenerSpot): unknown {
  const reason = reasonFor(codeOf(error), spot)
  if (reason === undefined) return error
  const fix =
    codeOf(error) === 'EADDRNOTAVAIL'
      ? 'pick another address with --host'
      : `stop that program, or pick another port with ${spot.option} N (0: any free port)`
  return new Error(`the ${spot.name} cannot start: ${reason}; ${fix}`, { cause: error })
}
