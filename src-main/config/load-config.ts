/**
 * Loads the configuration (README.md, "Data directory and configuration"): `--config FILE`, else
 * `<data-dir>/config.yaml` if present, else the shipped `resources/default-config.yaml`. A user's
 * file is validated on its own first, so its problems are reported against its own lines; then it
 * is laid over the shipped defaults and the result validated again. Anything wrong stops start-up
 * with a `ConfigError` naming the file, the key and the problem.
 */
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { buildConfig } from './build-config'
import { ConfigError } from './config-error'
import { issuesFromZod } from './config-issues'
import type { ConfigIssue } from './config-references'
import { configFileSchema } from './config-schema'
import type { ConfigFile } from './config-schema'
import { DEFAULT_CONFIG_FILE_NAME } from './data-dir'
import { checkComplete, mergeConfigFiles, resolveStrategyPaths } from './merge-config'
import type { SwitchboardConfig } from './switchboard-config'
import { problemsAt, readYamlSource } from './yaml-source'
import type { YamlSource } from './yaml-source'

export { ConfigError } from './config-error'
export type { ConfigProblem } from './config-error'
export { platformDataDir, resolveDataDir, resolveResourcesDir } from './data-dir'
export type { SwitchboardConfig } from './switchboard-config'

/** Name of the user's configuration file in the data directory. */
export const USER_CONFIG_FILE_NAME = 'config.yaml'

export interface LoadConfigOptions {
  /** `--config FILE`; relative paths are taken from the current directory. */
  configFile?: string
  /** The data directory (`resolveDataDir()`), where `config.yaml` is looked for. */
  dataDir: string
  /** The folder holding `default-config.yaml` (`resolveResourcesDir()`). */
  resourcesDir: string
}

/** Which file to read: the one given, else the data directory's, else the shipped defaults. */
function pickConfigFile(options: LoadConfigOptions, defaultsFile: string): string {
  if (options.configFile !== undefined) return resolve(options.configFile)
  const userFile = resolve(options.dataDir, USER_CONFIG_FILE_NAME)
  return existsSync(userFile) ? userFile : defaultsFile
}

/** Validates one file on its own, with strategy paths made relative to its folder. */
function parseConfigFile(source: YamlSource): ConfigFile {
  // An empty file (or one with only comments) changes nothing.
  const result = configFileSchema.safeParse(source.data ?? {})
  if (!result.success) {
    const issues = issuesFromZod(configFileSchema, result.error)
    throw new ConfigError(source.file, problemsAt(source, issues))
  }
  return resolveStrategyPaths(result.data, dirname(source.file))
}

function missingStrategies(file: ConfigFile): ConfigIssue[] {
  return Object.entries(file.strategies ?? {})
    .filter(([, modulePath]) => !existsSync(modulePath))
    .map(([endpoint, modulePath]) => ({
      path: ['strategies', endpoint],
      message: `strategy module not found: ${modulePath}`,
    }))
}

/**
 * Reads, validates and completes the configuration. Throws `ConfigError` for a file that cannot
 * be read, is not YAML, or breaks a rule of the schema, naming the key and, where it can, its line.
 */
export function loadConfig(options: LoadConfigOptions): SwitchboardConfig {
  const defaultsFile = resolve(options.resourcesDir, DEFAULT_CONFIG_FILE_NAME)
  const shippedSource = readYamlSource(defaultsFile)
  const shipped = parseConfigFile(shippedSource)
  const sourceFile = pickConfigFile(options, defaultsFile)
  const userSource = sourceFile === defaultsFile ? shippedSource : readYamlSource(sourceFile)
  const user = sourceFile === defaultsFile ? shipped : parseConfigFile(userSource)

  // A key the user's file does not hold came from the shipped defaults: say so, or the user
  // looks in vain for the value the message quotes.
  const fromDefaults = (): string =>
    `the value comes from the shipped defaults (${defaultsFile}); set it in this file`
  const mergedFile = mergeConfigFiles(user, shipped)
  const merged = configFileSchema.safeParse(mergedFile)
  const problems = [
    ...problemsAt(userSource, checkComplete(mergedFile)),
    ...(merged.success
      ? problemsAt(userSource, missingStrategies(merged.data), fromDefaults)
      : problemsAt(userSource, issuesFromZod(configFileSchema, merged.error), fromDefaults)),
  ]
  if (!merged.success || problems.length > 0) throw new ConfigError(sourceFile, problems)
  return buildConfig(merged.data, sourceFile, defaultsFile)
}
