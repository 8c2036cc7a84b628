// `npm run rebuild:electron`: builds better-sqlite3's addon for the installed Electron into
// out/native/electron/better_sqlite3.node, where the Electron app loads it from (its
// `nativeBinding`). node_modules/better-sqlite3/build keeps the Node build that
// `switchboard serve` and the tests load: the addon is built in a copy of the package, never in
// place, because one addon file serves one ABI only.
//
// It needs a connected machine: it first downloads better-sqlite3's prebuilt addon for this
// Electron (prebuild-install, already installed with better-sqlite3), and if there is none it
// compiles from source with node-gyp against Electron's headers (electronjs.org/headers).
//
//   npm run rebuild:electron                      prebuilt if there is one, else compile
//   npm run rebuild:electron -- --from-source     always compile
//   npm run rebuild:electron -- --target=39.8.10  for another Electron version
//   npm run rebuild:electron -- --out=DIR         into another folder (DIR/better_sqlite3.node)
// Arguments after `--` go to node-gyp as they are.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(ROOT, 'package.json'))
const ADDON_FILE = 'better_sqlite3.node'

function fail(message) {
  console.error(`rebuild:electron: ${message}`)
  process.exit(1)
}

function parseArgs(argv) {
  const split = argv.indexOf('--')
  const own = split === -1 ? argv : argv.slice(0, split)
  const options = {
    isFromSource: false,
    runtime: 'electron',
    target: undefined,
    out: join(ROOT, 'out', 'native', 'electron'),
    gypArgs: split === -1 ? [] : argv.slice(split + 1),
  }
  for (const arg of own) {
    const [name, value] = arg.split(/=(.*)/s)
    if (name === '--from-source') options.isFromSource = true
    else if (name === '--target' && value) options.target = value
    else if (name === '--runtime' && value) options.runtime = value
    else if (name === '--out' && value) options.out = resolve(value)
    else fail(`unknown argument ${arg}`)
  }
  return options
}

/** The environment for the build tools, without npm settings meant for the Node build. */
function buildEnv() {
  const env = { ...process.env }
  // `nodedir` (set in some npmrc files) would point node-gyp at Node's headers, and these would
  // override the runtime and target given on the command line.
  for (const key of Object.keys(env)) {
    if (/^npm_config_(nodedir|runtime|target|disturl|dist_url|arch|build_from_source)$/i.test(key))
      delete env[key]
  }
  return env
}

function run(command, args, cwd) {
  console.error(`rebuild:electron: ${[command, ...args].join(' ')}`)
  // Windows runs `npx.cmd` only through a shell.
  const shell = process.platform === 'win32' && command.endsWith('.cmd')
  const result = spawnSync(command, args, { cwd, env: buildEnv(), stdio: 'inherit', shell })
  return result.status === 0
}

/** A copy of the better-sqlite3 package without its build, to build in. */
function stagePackage(packageDir) {
  const staging = mkdtempSync(join(tmpdir(), 'switchboard-sqlite-electron-'))
  for (const entry of ['package.json', 'binding.gyp', 'src', 'deps']) {
    const from = join(packageDir, entry)
    if (existsSync(from)) cpSync(from, join(staging, entry), { recursive: true })
  }
  return staging
}

function downloadPrebuilt(packageDir, staging, options) {
  const bin = createRequire(join(packageDir, 'package.json')).resolve('prebuild-install/bin.js')
  return run(
    process.execPath,
    [
      bin,
      `--runtime=${options.runtime}`,
      `--target=${options.target}`,
      `--arch=${process.arch}`,
      `--platform=${process.platform}`,
      '--verbose',
    ],
    staging,
  )
}

/** npm's own node-gyp (npm sets its path for scripts), else the registry's. */
function nodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp
  if (fromNpm && existsSync(fromNpm)) return [process.execPath, fromNpm]
  return [process.platform === 'win32' ? 'npx.cmd' : 'npx', '--yes', 'node-gyp']
}

function compile(staging, options) {
  const [command, ...prefix] = nodeGyp()
  const headers =
    options.runtime === 'electron' ? ['--dist-url=https://electronjs.org/headers'] : []
  return run(
    command,
    [
      ...prefix,
      'rebuild',
      '--release',
      `--runtime=${options.runtime}`,
      `--target=${options.target}`,
      `--arch=${process.arch}`,
      ...headers,
      ...options.gypArgs,
    ],
    staging,
  )
}

/** Opens a database on the new addon inside Electron (run as Node), when Electron is here. */
function verifyInElectron(addon) {
  let electron
  try {
    electron = require('electron')
  } catch {
    return 'not checked: the Electron binary is not installed'
  }
  const check = `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
new Database(':memory:', { nativeBinding: ${JSON.stringify(addon)} }).close()`
  const result = spawnSync(electron, ['-e', check], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
  })
  if (result.status !== 0)
    throw new Error(`the new addon does not load in Electron:\n${result.stderr}`)
  return 'loads in Electron'
}

const options = parseArgs(process.argv.slice(2))
if (options.runtime === 'electron' && !options.target) {
  try {
    options.target = require('electron/package.json').version
  } catch {
    fail('electron is not installed; run `npm install` first')
  }
}
if (!options.target) fail(`--target is required with --runtime=${options.runtime}`)

const packageDir = dirname(require.resolve('better-sqlite3/package.json'))
const version = require('better-sqlite3/package.json').version
const staging = stagePackage(packageDir)
try {
  const built = join(staging, 'build', 'Release', ADDON_FILE)
  const isBuilt =
    (!options.isFromSource && downloadPrebuilt(packageDir, staging, options)) ||
    compile(staging, options)
  if (!isBuilt || !existsSync(built)) {
    throw new Error(
      `could not get better-sqlite3 ${version} for ${options.runtime} ${options.target}: this ` +
        'needs a connected machine (prebuilt addons come from GitHub, headers from ' +
        'electronjs.org) and, to compile, a C++ toolchain and Python',
    )
  }
  mkdirSync(options.out, { recursive: true })
  const addon = join(options.out, ADDON_FILE)
  cpSync(built, addon)
  const info = {
    betterSqlite3: version,
    runtime: options.runtime,
    target: options.target,
    platform: process.platform,
    arch: process.arch,
    builtAt: new Date().toISOString(),
  }
  writeFileSync(join(options.out, 'build-info.json'), `${JSON.stringify(info, null, 2)}\n`)
  const verdict = options.runtime === 'electron' ? verifyInElectron(addon) : 'not checked'
  console.error(`rebuild:electron: wrote ${addon} (${verdict})`)
} catch (error) {
  console.error(`rebuild:electron: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
} finally {
  rmSync(staging, { recursive: true, force: true })
}
