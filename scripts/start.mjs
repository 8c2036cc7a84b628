// `npm start`: build, then open the Electron window. Where Electron cannot run (its binary was
// never downloaded, no display, missing libraries, no Electron build of the SQLite addon), say
// so in ONE line and run browser mode instead: the same engine in plain Node
// (`switchboard serve`), whose console URL is printed prominently. SIGINT and SIGTERM are
// forwarded to whichever child runs, and so is the end of the parent that started this script.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

// Exit codes of the Electron app, as in src-main/electron/native-binding.ts (a test keeps them
// in step): it needs browser mode (no usable SQLite addon), or the server itself failed.
const EXIT_USE_BROWSER_MODE = 78
const EXIT_START_FAILED = 2

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const CLI = join(ROOT, 'bin', 'switchboard.js')
const require = createRequire(import.meta.url)
const passthrough = process.argv.slice(2)

const nodeProblem = require('../bin/node-version.js').nodeVersionProblem(process.versions.node)
if (nodeProblem) {
  console.error(nodeProblem)
  process.exit(2)
}

/** The running child, for signal forwarding. */
let current
const forwarded = new Set()
function forward(signal) {
  if (!current) process.exit(130)
  // Once per signal: Ctrl+C reaches the child from the terminal as well, and npm forwards
  // signals too; a second SIGINT must not cut the child's clean shutdown short.
  if (forwarded.has(signal)) return
  forwarded.add(signal)
  current.kill(signal)
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => forward(signal))

// `npm start` runs this script under `sh -c`. When a process manager (or `kill PID`) sends
// SIGTERM to npm, npm passes it to that shell, which dies without passing it on: this script
// would be left running with the server's ports bound. A process whose parent is gone is
// re-parented, so a changed parent id means "stop", exactly as SIGTERM would.
const parentAtStart = process.ppid
setInterval(() => {
  if (process.ppid !== parentAtStart) forward('SIGTERM')
}, 250).unref()

/** The Electron binary, or why there is none (one short clause). */
function electronBinary() {
  let binary
  try {
    // The package exports the binary's path and throws when it was never downloaded: its
    // install script is denied in package.json's allowScripts.
    binary = require('electron')
  } catch {
    return {
      missing:
        'its binary is not installed: run `node node_modules/electron/install.js` on a connected machine',
    }
  }
  if (!existsSync(binary)) return { missing: `its binary ${binary} is missing` }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { missing: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' }
  }
  return { binary }
}

/** The line of a failed start worth showing: ours, else Chromium's error, else the last one. */
function reasonFrom(lines, fallback) {
  const clean = lines.map((line) => line.replace(/^\[[^\]]*\]\s*/, '').trim()).filter(Boolean)
  const ours = clean.findLast((line) => line.startsWith('switchboard: '))
  const chosen =
    ours?.slice('switchboard: '.length) ??
    clean.find((line) => /error|fatal|missing|cannot|not supported/i.test(line)) ??
    clean.at(-1)
  return chosen ? chosen.slice(0, 300) : fallback
}

const isReadyLine = (line) => line.startsWith('{') && line.includes('"event":"ready"')

/** Forwards the child's stdout line by line, calling `onReady` with the parsed ready line. */
function watchStdout(child, onReady) {
  createInterface({ input: child.stdout }).on('line', (line) => {
    process.stdout.write(`${line}\n`)
    if (!isReadyLine(line)) return
    try {
      onReady(JSON.parse(line))
    } catch {
      // Not JSON after all: it was forwarded, that is all.
    }
  })
}

function startElectron(binary) {
  const env = { ...process.env, SWITCHBOARD_LAUNCHER: 'npm-start' }
  // `npm start` runs the built app: never a dev server some shell left in the environment, and
  // never Electron posing as plain Node.
  delete env.ELECTRON_RENDERER_URL
  delete env.ELECTRON_RUN_AS_NODE
  const child = spawn(binary, ['.', ...passthrough], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  })
  current = child
  // Until the window is up, Electron's complaints are held back: if it cannot start, one line
  // of them is shown; once it runs, everything is passed through.
  let isReady = false
  const held = []
  child.stderr.on('data', (chunk) => {
    if (isReady) process.stderr.write(chunk)
    else held.push(chunk)
  })
  watchStdout(child, () => {
    isReady = true
    for (const chunk of held.splice(0)) process.stderr.write(chunk)
  })
  let hasFailed = false
  const fallBack = (reason) => {
    if (hasFailed) return
    hasFailed = true
    console.error(`Electron cannot start (${reason}); starting browser mode instead.`)
    startBrowserMode()
  }
  child.on('error', (error) => fallBack(error.message))
  child.on('exit', (code, signal) => {
    // Its last words may still be in the pipe; wait for them, briefly (a leftover Chromium
    // helper could hold the pipe open).
    let isDecided = false
    const decide = () => {
      if (isDecided) return
      isDecided = true
      afterElectron(code, signal)
    }
    if (child.stderr.readableEnded) decide()
    child.stderr.once('end', decide)
    setTimeout(decide, 500).unref()
  })
  const afterElectron = (code, signal) => {
    if (hasFailed) return
    const heldLines = Buffer.concat(held).toString('utf8').split('\n')
    if (isReady || forwarded.size > 0) process.exit(code ?? 0)
    if (code === 0) {
      // It quit by itself before its window came up: another instance was already running.
      for (const chunk of held) process.stderr.write(chunk)
      process.exit(0)
    }
    if (code === EXIT_START_FAILED) {
      // Browser mode would fail the same way (bad configuration, a port in use).
      console.error(reasonFrom(heldLines, 'the server did not start'))
      process.exit(code)
    }
    let exitText = signal ? `killed by ${signal}` : `exit code ${code}`
    if (code === EXIT_USE_BROWSER_MODE) exitText = 'it has no usable SQLite addon'
    fallBack(reasonFrom(heldLines, exitText))
  }
}

function startBrowserMode() {
  const child = spawn(process.execPath, [CLI, 'serve', ...passthrough], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  current = child
  forwarded.clear()
  watchStdout(child, (ready) => {
    if (typeof ready.console !== 'string') return
    process.stdout.write(`\nConsole: ${ready.console}\n`)
    process.stdout.write('(open it in a browser; Ctrl+C stops the server)\n\n')
  })
  child.on('error', (error) => {
    console.error(`switchboard serve cannot start: ${error.message}`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

// The build runs as the current child too, so that Ctrl+C during it stops here. Tests that run
// this script while other tests read `out/` set SWITCHBOARD_START_NO_BUILD=1 (they build first).
if (process.env.SWITCHBOARD_START_NO_BUILD !== '1') {
  const build = spawn(
    process.execPath,
    [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    { cwd: ROOT, stdio: 'inherit' },
  )
  current = build
  const [buildCode, buildSignal] = await new Promise((resolve) => {
    build.on('error', () => resolve([1, null]))
    build.on('exit', (code, signal) => resolve([code, signal]))
  })
  if (buildCode !== 0 || forwarded.size > 0) process.exit(buildCode || (buildSignal ? 130 : 1))
  current = undefined
}

const electron = electronBinary()
if (electron.binary) {
  startElectron(electron.binary)
} else {
  console.error(`Electron cannot run here (${electron.missing}); starting browser mode.`)
  startBrowserMode()
}
