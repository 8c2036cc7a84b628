// `npm start`: build, then open the Electron window; where Electron's binary is missing or cannot
// start (as on machines that cannot download it), say so in one line and run the same engine
// headless instead.
import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

function electronBinary() {
  try {
    // The electron package exports the binary's path, and throws when the binary was never
    // downloaded (its install script is denied in package.json's allowScripts).
    return require('electron')
  } catch (error) {
    return { missing: error instanceof Error ? error.message.split('\n')[0] : String(error) }
  }
}

run('npx', ['electron-vite', 'build'])
const binary = electronBinary()
const passthrough = process.argv.slice(2)
if (typeof binary === 'string') {
  const child = spawn(binary, ['.', ...passthrough], { stdio: 'inherit' })
  child.on('exit', (code) => {
    if (code === 0) process.exit(0)
    console.error(`Electron exited with code ${code}; starting the headless server instead.`)
    startHeadless()
  })
  child.on('error', (error) => {
    console.error(`Electron cannot start (${error.message}); starting the headless server instead.`)
    startHeadless()
  })
} else {
  console.error(
    `Electron is not available (${binary.missing}); starting the headless server instead.`,
  )
  startHeadless()
}

function startHeadless() {
  const child = spawn(process.execPath, ['bin/switchboard.js', 'serve', ...passthrough], {
    stdio: 'inherit',
  })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code) => process.exit(code ?? 0))
}
