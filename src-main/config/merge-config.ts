/**
 * Lays a user's configuration file over the shipped defaults. Mappings merge key by key; lists
 * (applications, endpoints, languages, users) replace the shipped list as a whole, because a user
 * who lists agents means exactly those agents. The result is validated again, since a user's key
 * may refer to a shipped one (or no longer match it).
 */
import { resolve } from 'node:path'
import type { ApplicationFile, ConfigFile, GmsServiceFile } from './config-schema'
import type { ConfigIssue } from './config-references'

/**
 * Keys an application leaves out come from the shipped application of the same name, if any.
 * `inactivity-control` is left as written: its missing keys take Genesys' defaults later.
 */
function mergeApplication(
  app: ApplicationFile,
  shipped: ApplicationFile | undefined,
): ApplicationFile {
  if (shipped === undefined) return app
  return {
    ...app,
    endpoints: app.endpoints ?? shipped.endpoints,
    languages: app.languages ?? shipped.languages,
    // A shipped default language is only meaningful with the shipped languages.
    'default-language':
      app['default-language'] ?? (app.languages ? undefined : shipped['default-language']),
    'system-nickname': app['system-nickname'] ?? shipped['system-nickname'],
  }
}

function mergeServices(
  user: Record<string, GmsServiceFile> | null | undefined,
  shipped: Record<string, GmsServiceFile> | null | undefined,
): Record<string, GmsServiceFile> {
  const merged: Record<string, GmsServiceFile> = { ...shipped }
  for (const [name, service] of Object.entries(user ?? {})) {
    merged[name] = { ...shipped?.[name], ...service }
  }
  return merged
}

/** The user's file over the shipped one; both already valid on their own. */
export function mergeConfigFiles(user: ConfigFile, shipped: ConfigFile): ConfigFile {
  const shippedApps = shipped.applications ?? []
  const applications = user.applications?.map((app) =>
    mergeApplication(
      app,
      shippedApps.find((candidate) => candidate.name === app.name),
    ),
  )
  return {
    applications: applications ?? shippedApps,
    gms: {
      services: mergeServices(user.gms?.services, shipped.gms?.services),
      'flex-disconnect-timeout':
        user.gms?.['flex-disconnect-timeout'] ?? shipped.gms?.['flex-disconnect-timeout'],
      cors: user.gms?.cors ?? shipped.gms?.cors,
    },
    users: user.users ?? shipped.users,
    esp: { ...shipped.esp, ...user.esp },
    limits: { ...shipped.limits, ...user.limits },
    store: { ...shipped.store, ...user.store },
    strategies: { ...shipped.strategies, ...user.strategies },
  }
}

/** The same file with its strategy module paths made absolute, relative to `baseDir`. */
export function resolveStrategyPaths(file: ConfigFile, baseDir: string): ConfigFile {
  if (!file.strategies) return file
  const strategies = Object.fromEntries(
    Object.entries(file.strategies).map(([endpoint, path]) => [endpoint, resolve(baseDir, path)]),
  )
  return { ...file, strategies }
}

/** Keys nothing could fill in: an application unknown to the shipped defaults needs endpoints. */
export function checkComplete(merged: ConfigFile): ConfigIssue[] {
  return (merged.applications ?? []).flatMap((app, index) =>
    app.endpoints === undefined
      ? [
          {
            path: ['applications', index, 'endpoints'],
            message: `is required: the shipped defaults have no application "${app.name}" to take it from`,
          },
        ]
      : [],
  )
}
