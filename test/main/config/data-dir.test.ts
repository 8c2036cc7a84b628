import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  platformDataDir,
  resolveDataDir,
  resolveResourcesDir,
} from '../../../src-main/config/load-config'
import { makeTempDir, writeFile } from './config-test-files'

describe('resolveDataDir', () => {
  const env = { SWITCHBOARD_DATA_DIR: '/from/env', HOME: '/home/alex' }

  it('takes --data-dir first', () => {
    expect(resolveDataDir('/from/cli', env)).toBe('/from/cli')
  })

  it('takes SWITCHBOARD_DATA_DIR without --data-dir', () => {
    expect(resolveDataDir(undefined, env)).toBe('/from/env')
  })

  it('has one default for the Electron window, browser mode and serve', () => {
    // The Electron app once passed its userData (~/.config/switchboard on Linux) as a default of
    // its own, so `npm start` read another database when it fell back to browser mode.
    const electronMain = readFileSync(join(__dirname, '../../../src-main/index.ts'), 'utf8')
    expect(electronMain).toContain('resolveDataDir(args.dataDir)')
    expect(electronMain).not.toMatch(/getPath\(['"]userData['"]\)/)
    expect(resolveDataDir.length).toBeLessThanOrEqual(2)
  })

  it.runIf(process.platform === 'linux')(
    'takes ~/.local/share/switchboard on Linux without any of them',
    () => {
      expect(resolveDataDir(undefined, { HOME: '/home/alex' })).toBe(
        '/home/alex/.local/share/switchboard',
      )
      expect(resolveDataDir('', { SWITCHBOARD_DATA_DIR: '' })).toBe(
        join(homedir(), '.local', 'share', 'switchboard'),
      )
    },
  )

  it('resolves a relative directory against the current one', () => {
    expect(resolveDataDir('data', {})).toBe(resolve('data'))
  })
})

describe('platformDataDir', () => {
  it("follows each platform's per-user app-data folder", () => {
    expect(platformDataDir('linux', { HOME: '/home/alex' })).toBe(
      '/home/alex/.local/share/switchboard',
    )
    expect(platformDataDir('linux', { HOME: '/home/alex', XDG_DATA_HOME: '/data' })).toBe(
      '/data/switchboard',
    )
    expect(platformDataDir('linux', { HOME: '/home/alex', XDG_DATA_HOME: 'rel' })).toBe(
      '/home/alex/.local/share/switchboard',
    )
    expect(platformDataDir('darwin', { HOME: '/Users/alex' })).toBe(
      '/Users/alex/Library/Application Support/switchboard',
    )
    expect(platformDataDir('win32', { APPDATA: 'C:\\Users\\alex\\AppData\\Roaming' })).toBe(
      'C:\\Users\\alex\\AppData\\Roaming\\switchboard',
    )
  })
})

describe('resolveResourcesDir', () => {
  it("finds the project's resources folder from the sources", () => {
    expect(resolveResourcesDir()).toBe(resolve(__dirname, '../../../resources'))
  })

  it('searches upward from a bundle folder such as out/main', () => {
    const root = makeTempDir()
    writeFile(root, 'resources/default-config.yaml', '{}\n')
    expect(resolveResourcesDir(join(root, 'out', 'main'))).toBe(join(root, 'resources'))
  })

  it('fails clearly when no folder above holds the defaults', () => {
    const start = makeTempDir()
    expect(() => resolveResourcesDir(start)).toThrow(/No resources\/default-config\.yaml found/)
  })
})
