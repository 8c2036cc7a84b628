/**
 * The Electron app's own command-line options: the same names as `switchboard serve`, so
 * `npm start -- --data-dir ./data` means the same in the window and in browser mode. Chromium
 * and Electron switches (`--no-sandbox`, `--enable-logging`, ...) share the command line, so
 * unknown arguments are left alone rather than refused.
 */
import { parsePort } from '../cli/key-values'

export interface AppArgs {
  dataDir?: string
  config?: string
  host: string
  gmsPort: number
  espPort: number
  /** The browser-mode console listener: off in the window (the console uses IPC) unless given. */
  consolePort: number | null
}

const DEFAULTS: AppArgs = { host: '127.0.0.1', gmsPort: 8080, espPort: 7010, consolePort: null }

type Setter = (args: AppArgs, value: string) => void
const OPTIONS: Readonly<Record<string, Setter>> = {
  '--data-dir': (args, value) => (args.dataDir = value),
  '--config': (args, value) => (args.config = value),
  '--host': (args, value) => (args.host = value),
  '--gms-port': (args, value) => (args.gmsPort = parsePort(value)),
  '--esp-port': (args, value) => (args.espPort = parsePort(value)),
  '--console-port': (args, value) => (args.consolePort = parsePort(value)),
}

/**
 * Reads `--name value` and `--name=value` options from `argv` (without the executable and app
 * path).
 *
 * @throws Error naming the option when a value is missing or a port is not a port.
 */
export function parseAppArgs(argv: readonly string[]): AppArgs {
  const args: AppArgs = { ...DEFAULTS }
  for (let index = 0; index < argv.length; index += 1) {
    const word = argv[index] ?? ''
    const equals = word.indexOf('=')
    const name = equals === -1 ? word : word.slice(0, equals)
    const set = OPTIONS[name]
    if (!set) continue
    const value = equals === -1 ? argv[++index] : word.slice(equals + 1)
    if (value === undefined || value === '' || (equals === -1 && value.startsWith('--'))) {
      throw new Error(`${name} needs a value`)
    }
    try {
      set(args, value)
    } catch (error) {
      throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  return args
}
