/**
 * `switchboard serve | esp | session | run`: the headless composition root (docs/style.md).
 */
import { Command, CommanderError, Option } from 'commander'
import { version } from '../package.json'
import { espCommand } from './cli/esp-command'
import { exportCommand } from './cli/export-command'
import { parsePort } from './cli/key-values'
import { recordCommand } from './cli/record-command'
import { serveCommand } from './cli/serve-command'
import { sessionCreateCommand } from './cli/session-command'
import { statsCommand } from './cli/stats-command'
import { runCommand } from './harness/run-command'
import { isHarnessWorker, runShard } from './harness/run-workers'

const DEFAULT_ESP_URL = 'ws://127.0.0.1:7010/esp'

function parsePositive(text: string): number {
  const value = Number(text)
  if (!/^\d+$/.test(text) || value < 1) {
    throw new Error(`expected a whole number of at least 1 (got ${JSON.stringify(text)})`)
  }
  return value
}

/** `--esp URL`, also from SWITCHBOARD_ESP_URL (a server on other ports, scripts, the docs' tests). */
function espUrlOption(description: string): Option {
  return new Option('--esp <url>', description).env('SWITCHBOARD_ESP_URL').default(DEFAULT_ESP_URL)
}

function buildProgram(): Command {
  const program = new Command('switchboard')
    .description('Contact-center chat server with ESP endpoint, GMS customer API and console')
    .version(version, '-V, --version', 'print the version and exit')
    .showHelpAfterError()

  program
    .command('serve')
    .description('run the engine and its listeners headless until SIGINT/SIGTERM')
    .option(
      '--data-dir <dir>',
      'data directory (default: $SWITCHBOARD_DATA_DIR or per-user app data)',
    )
    .option(
      '--config <file>',
      'configuration file (default: <data-dir>/config.yaml or the shipped defaults)',
    )
    .option('--host <host>', 'address every listener binds to', '127.0.0.1')
    .addOption(
      new Option('--gms-port <port>', 'GMS customer API port (0: any free port)')
        .argParser(parsePort)
        .default(8080),
    )
    .addOption(
      new Option('--esp-port <port>', 'ESP endpoint port (0: any free port)')
        .argParser(parsePort)
        .default(7010),
    )
    .addOption(
      new Option('--console-port <port>', 'console (browser mode) port (0: any free port)')
        .argParser(parsePort)
        .default(7011),
    )
    .action(serveCommand)

  program
    .command('esp')
    .description('send one ESP request to a running server and print the answer')
    .argument('<method>', 'Message, Notice, IdleControlConfigure or ConfigureSession')
    .argument('[parameters...]', 'parameters as key=value')
    .requiredOption('--session <id>', 'the session (interaction) id')
    .addOption(espUrlOption('ESP WebSocket URL'))
    .option('--application <name>', 'Chat Server application name')
    .option('--token <token>', 'bearer token, when the server has esp.token set')
    .action(async (method: string, words: string[], options) => {
      process.exitCode = await espCommand(method, words, options)
    })

  program
    .command('run')
    .description('run harness scenarios (YAML) in parallel on fresh in-memory engines')
    .argument('<scenarios...>', 'scenario files, folders of them, or patterns such as dir/*.yaml')
    .option('--junit <file>', 'also write a JUnit XML report to this file')
    .option(
      '--trace <file>',
      "write every strategy's requests, answers, logs and events (JSON Lines)",
    )
    .addOption(
      new Option('--jobs <n>', 'scenarios running at once').argParser(parsePositive).default(8),
    )
    .addOption(
      new Option('--workers <n>', 'worker threads to spread scenarios over (default 1)').argParser(
        parsePositive,
      ),
    )
    .option('--watch', 'run again whenever a scenario or one of its strategies changes')
    .option('--grep <regex>', 'run only the scenarios whose name matches')
    .option('--shard <i/n>', 'run only the i-th of n parts of the suite (CI jobs)')
    .option('--bail', 'start no further scenario once one failed')
    .option('--step-timeout <duration>', 'real time a step may take to settle (default 10s)')
    // A usage mistake exits 2, as every other one of `run` does (docs/harness.md, "Exit status").
    .exitOverride()
    .action(async (scenarios: string[], options) => {
      process.exitCode = await runCommand(scenarios, options)
    })

  program
    .command('record')
    .description('print a stored session as a runnable scenario (YAML) that replays it')
    .argument('<session>', 'the session id')
    .option('--data-dir <dir>', 'data directory (default: as for serve)')
    .action((sessionId: string, options) => {
      process.exitCode = recordCommand(sessionId, options)
    })

  const session = program.command('session').description('manage sessions of a running server')
  session
    .command('create')
    .description('create a queued session as a customer would (for trying ESP by hand)')
    .addOption(espUrlOption('ESP URL of the running server'))
    .option('--user-data <key=value...>', 'user data of the interaction', [])
    .option('--nickname <name>', 'the customer nickname', 'Customer')
    .option('--application <name>', 'Chat Server application')
    .option('--endpoint <name>', 'endpoint (queue)')
    .option('--token <token>', 'bearer token, when the server has esp.token set')
    .action(async (options) => {
      process.exitCode = await sessionCreateCommand(options)
    })

  program
    .command('stats')
    .description('print the dashboard figures of a data directory (app running or stopped)')
    .option(
      '--data-dir <dir>',
      'data directory (default: $SWITCHBOARD_DATA_DIR or per-user app data)',
    )
    .option(
      '--since <duration>',
      'window start: a duration back from now (15m, 1h) or today',
      'today',
    )
    .option('--service-level <duration>', 'service level threshold', '30s')
    .option('--json', 'print one JSON object')
    .action((options) => {
      process.exitCode = statsCommand(options)
    })

  program
    .command('export')
    .description('print one transcript exactly as an audience saw it (app running or stopped)')
    .argument('<sessionId>', 'the session (interaction) id')
    .option(
      '--data-dir <dir>',
      'data directory (default: $SWITCHBOARD_DATA_DIR or per-user app data)',
    )
    .requiredOption('--audience <audience>', 'customer, agent or supervisor')
    .option('--format <format>', 'txt, html or json', 'txt')
    .action((sessionId: string, options) => {
      process.exitCode = exportCommand(sessionId, options)
    })

  return program
}

// `switchboard run` spreads scenarios over worker threads started from this very script.
if (isHarnessWorker()) void runShard()
else runCli()

function runCli(): void {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      if (error instanceof CommanderError) {
        // Commander has printed the message already; `--help` is not an error.
        process.exitCode = error.exitCode === 0 ? 0 : 2
        return
      }
      process.stderr.write(
        `switchboard: ${error instanceof Error ? error.message : String(error)}\n`,
      )
      process.exitCode = 2
    })
}
