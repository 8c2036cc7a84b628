/**
 * The configuration a scenario runs with: the shipped defaults with the scenario's `config`
 * overrides laid over them, exactly as a user's `config.yaml` is (README.md, "Configuration"),
 * validated by the same schema. Problems name the scenario file and the line of the key.
 */
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { buildConfig } from '../config/build-config'
import type { ConfigProblem } from '../config/config-error'
import { issuesFromZod } from '../config/config-issues'
import type { ConfigIssue } from '../config/config-references'
import { configFileSchema, type ConfigFile } from '../config/config-schema'
import { DEFAULT_CONFIG_FILE_NAME, resolveResourcesDir } from '../config/data-dir'
import { checkComplete, mergeConfigFiles, resolveStrategyPaths } from '../config/merge-config'
import type { SwitchboardConfig } from '../config/switchboard-config'
import { problemsAt, readYamlSource, type YamlSource } from '../config/yaml-source'

/** The shipped defaults, read once per run. */
export interface ShippedConfig {
  file: string
  data: ConfigFile
}

/** Reads `resources/default-config.yaml` (throws `ConfigError` if the install is broken). */
export function loadShippedConfig(resourcesDir = resolveResourcesDir()): ShippedConfig {
  const file = resolve(resourcesDir, DEFAULT_CONFIG_FILE_NAME)
  const source = readYamlSource(file)
  const parsed = configFileSchema.parse(source.data ?? {})
  return { file, data: resolveStrategyPaths(parsed, dirname(file)) }
}

const underConfig = (issues: readonly ConfigIssue[]): ConfigIssue[] =>
  issues.map((issue) => ({ ...issue, path: ['config', ...issue.path] }))

/** The result: a configuration, or the problems that refuse it. */
export type ScenarioConfigResult =
  { ok: true; config: SwitchboardConfig } | { ok: false; problems: ConfigProblem[] }

function missingStrategies(file: ConfigFile): ConfigIssue[] {
  return Object.entries(file.strategies ?? {})
    .filter(([, modulePath]) => !existsSync(modulePath))
    .map(([endpoint, modulePath]) => ({
      path: ['strategies', endpoint],
      message: `strategy module not found: ${modulePath}`,
    }))
}

/**
 * The scenario's configuration. Strategy paths in `overrides` are relative to the scenario
 * file's folder, as a config file's are to its own.
 */
export function scenarioConfig(
  overrides: unknown,
  source: YamlSource,
  shipped: ShippedConfig,
): ScenarioConfigResult {
  const own = configFileSchema.safeParse(overrides ?? {})
  if (!own.success) {
    const issues = underConfig(issuesFromZod(configFileSchema, own.error))
    return { ok: false, problems: problemsAt(source, issues) }
  }
  const user = resolveStrategyPaths(own.data, dirname(source.file))
  const mergedFile = mergeConfigFiles(user, shipped.data)
  const merged = configFileSchema.safeParse(mergedFile)
  const fromDefaults = () => `the value comes from the shipped defaults (${shipped.file})`
  const issues = [
    ...checkComplete(mergedFile),
    ...(merged.success
      ? missingStrategies(merged.data)
      : issuesFromZod(configFileSchema, merged.error)),
  ]
  if (!merged.success || issues.length > 0) {
    return { ok: false, problems: problemsAt(source, underConfig(issues), fromDefaults) }
  }
  return { ok: true, config: buildConfig(merged.data, source.file, shipped.file) }
}
