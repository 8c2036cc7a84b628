/**
 * better-sqlite3 in Electron (README.md, "Electron"). Its addon is compiled for one ABI:
 * node_modules holds the Node build that `switchboard serve` and the tests load, and Electron's
 * ABI differs, so the app loads a second build kept outside node_modules, which
 * `npm run rebuild:electron` makes (scripts/rebuild-electron.mjs). Without it the app cannot
 * open its database; it says so in one line and exits with {@link EXIT_USE_BROWSER_MODE}, and
 * `npm start` (scripts/start.mjs) runs browser mode instead.
 */
import { join } from 'node:path'

/** Where `npm run rebuild:electron` puts the addon, relative to the build's `out/` folder. */
export const ELECTRON_SQLITE_ADDON = join('native', 'electron', 'better_sqlite3.node')

/** The command that builds the addon for Electron, on a machine that can download headers. */
export const REBUILD_COMMAND = 'npm run rebuild:electron'

/**
 * Exit codes the app reports to `scripts/start.mjs` (which repeats them; a test keeps the two in
 * step). Any other failure before the ready line counts as "Electron cannot start".
 */
export const EXIT_USE_BROWSER_MODE = 78
/** The server itself failed (bad configuration, port in use): browser mode would fail alike. */
export const EXIT_START_FAILED = 2

export type AddonCheck = { isUsable: true; path: string } | { isUsable: false; problem: string }

export interface AddonProbe {
  exists(path: string): boolean
  /** Opens an in-memory database on the addon; throws when it does not load. */
  open(path: string): void
}

/**
 * Checks the Electron build of the addon at `path`: present, and loadable by this Electron (a
 * build for another Electron version fails with a NODE_MODULE_VERSION error). The problem is
 * one sentence naming the fix.
 */
export function checkElectronAddon(path: string, probe: AddonProbe): AddonCheck {
  if (!probe.exists(path)) {
    return {
      isUsable: false,
      problem: `the SQLite addon for Electron is missing (${path}); build it with \`${REBUILD_COMMAND}\` on a connected machine`,
    }
  }
  try {
    probe.open(path)
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
    return {
      isUsable: false,
      problem: `the SQLite addon for Electron does not load (${reason}); rebuild it with \`${REBUILD_COMMAND}\``,
    }
  }
  return { isUsable: true, path }
}
