import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  checkElectronAddon,
  ELECTRON_SQLITE_ADDON,
  EXIT_START_FAILED,
  EXIT_USE_BROWSER_MODE,
  REBUILD_COMMAND,
} from '../../../src-main/electron/native-binding'
import { openDatabase } from '../../../src-main/store'

const ADDON = '/app/out/native/electron/better_sqlite3.node'

describe('checkElectronAddon', () => {
  it('uses a present addon that loads', () => {
    const check = checkElectronAddon(ADDON, { exists: () => true, open: () => {} })
    expect(check).toEqual({ isUsable: true, path: ADDON })
  })

  it('names the rebuild command when the addon is missing', () => {
    const check = checkElectronAddon(ADDON, {
      exists: () => false,
      open: () => expect.fail('a missing addon is not opened'),
    })
    expect(check.isUsable).toBe(false)
    if (!check.isUsable) {
      expect(check.problem).toContain(REBUILD_COMMAND)
      expect(check.problem).toContain(ADDON)
    }
  })

  it('reports an addon built for another ABI in one line', () => {
    const check = checkElectronAddon(ADDON, {
      exists: () => true,
      open: () => {
        throw new Error('was compiled against NODE_MODULE_VERSION 115.\nThis version requires 140.')
      },
    })
    expect(check).toEqual({
      isUsable: false,
      problem: expect.stringMatching(/^the SQLite addon for Electron does not load \(.*115\.\)/),
    })
    if (!check.isUsable) expect(check.problem).not.toContain('\n')
  })
})

describe('the nativeBinding option of the store', () => {
  it('loads the addon from the given path (here: the Node build, under Node)', () => {
    const nodeBuild = join(
      __dirname,
      '../../../node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    )
    const db = openDatabase(':memory:', { nativeBinding: nodeBuild })
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    db.close()
  })

  it('fails when the path holds no addon', () => {
    expect(() => openDatabase(':memory:', { nativeBinding: '/nonexistent/addon.node' })).toThrow()
  })
})

describe('scripts/start.mjs', () => {
  const script = readFileSync(join(__dirname, '../../../scripts/start.mjs'), 'utf8')

  it('knows the exit codes the Electron app reports', () => {
    expect(script).toContain(`EXIT_USE_BROWSER_MODE = ${EXIT_USE_BROWSER_MODE}`)
    expect(script).toContain(`EXIT_START_FAILED = ${EXIT_START_FAILED}`)
  })

  it('and scripts/rebuild-electron.mjs agree on where the Electron addon goes', () => {
    const rebuild = readFileSync(join(__dirname, '../../../scripts/rebuild-electron.mjs'), 'utf8')
    expect(ELECTRON_SQLITE_ADDON).toBe(join('native', 'electron', 'better_sqlite3.node'))
    expect(rebuild).toContain("'out', 'native', 'electron'")
  })
})
