/**
 * Where Switchboard keeps its data and finds its shipped resources (docs/configuration.md, "The
 * data directory").
 */
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, posix, resolve, win32 } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Folder name under the platform's per-user app-data folder. */
const APP_FOLDER = 'switchboard'
/** The file whose presence marks the resources folder. */
export const DEFAULT_CONFIG_FILE_NAME = 'default-config.yaml'

/**
 * The platform's per-user app-data folder for Switchboard, the same for the Electron window,
 * browser mode and `switchboard serve` (so `npm start` reads one database whichever way it
 * starts): `$XDG_DATA_HOME/switchboard`, else `~/.local/share/switchboard` on Linux (and other
 * Unixes); `~/Library/Application Support/switchboard` on macOS; `%APPDATA%\switchboard` on
 * Windows. On macOS and Windows this is also Electron's `userData`; on Linux Electron's would be
 * `~/.config/switchboard`, which holds settings rather than data, so it is not used.
 */
export function platformDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (platform === 'win32') {
    const home = env.USERPROFILE || homedir()
    return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), APP_FOLDER)
  }
  const home = env.HOME || homedir()
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', APP_FOLDER)
  // The XDG base-directory spec ignores relative values.
  const dataHome = env.XDG_DATA_HOME
  if (dataHome && posix.isAbsolute(dataHome)) return posix.join(dataHome, APP_FOLDER)
  return posix.join(home, '.local', 'share', APP_FOLDER)
}

/**
 * The data directory: `--data-dir` (`cliValue`), else `SWITCHBOARD_DATA_DIR`, else
 * `platformDataDir()`. Empty values count as unset; relative ones are taken from the current
 * directory. Every way of starting Switchboard calls this, with no default of its own.
 */
export function resolveDataDir(cliValue?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(cliValue || env.SWITCHBOARD_DATA_DIR || platformDataDir(process.platform, env))
}

/** The folder of this module, whether bundled as CommonJS or run as an ES module. */
function moduleDir(): string {
  // electron-vite bundles the main process as CommonJS (`out/main/cli.js`), where `__dirname`
  // exists; vitest and tsx run the sources as ES modules, where only `import.meta.url` does.
  if (typeof __dirname === 'string') return __dirname
  return dirname(fileURLToPath(import.meta.url))
}

/**
 * The project's `resources/` folder: the nearest one holding `default-config.yaml`, searching
 * upward from `startDir` (default: this module's folder, which is `out/main/` once bundled and
 * `src-main/config/` in the sources). Throws when there is none.
 */
export function resolveResourcesDir(startDir: string = moduleDir()): string {
  let dir = resolve(startDir)
  for (;;) {
    const candidate = resolve(dir, 'resources')
    if (existsSync(resolve(candidate, DEFAULT_CONFIG_FILE_NAME))) return candidate
    const parent = dirname(dir)
    if (parent === dir) {
      throw new Error(`No resources/${DEFAULT_CONFIG_FILE_NAME} found above ${startDir}`)
    }
    dir = parent
  }
}
