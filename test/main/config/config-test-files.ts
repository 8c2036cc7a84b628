import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, expect } from 'vitest'
import { ConfigError, loadConfig, resolveResourcesDir } from '../../../src-main/config/load-config'
import type { SwitchboardConfig } from '../../../src-main/config/load-config'

/** The project's real `resources/` folder: tests check the defaults users get. */
export const resourcesDir = resolveResourcesDir()

const createdDirs: string[] = []

afterEach(() => {
  for (const dir of createdDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A fresh temporary folder, removed after the test. */
export function makeTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-config-'))
  createdDirs.push(dir)
  return dir
}

/** Writes `text` to `relativePath` under `dir` and returns the absolute path. */
export function writeFile(dir: string, relativePath: string, text: string): string {
  const path = join(dir, relativePath)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
  return path
}

/** Loads `text` as the `--config` file. */
export function loadText(text: string): SwitchboardConfig {
  const dir = makeTempDir()
  const configFile = writeFile(dir, 'config.yaml', text)
  return loadConfig({ configFile, dataDir: dir, resourcesDir })
}

/** Loads `text` as the `--config` file and returns the `ConfigError` it must cause. */
export function loadError(text: string): ConfigError {
  const dir = makeTempDir()
  const configFile = writeFile(dir, 'config.yaml', text)
  try {
    loadConfig({ configFile, dataDir: dir, resourcesDir })
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }
  throw new Error('expected a ConfigError')
}
