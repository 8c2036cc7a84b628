/**
 * Rules that span several keys of a configuration file: unique names, and references from one
 * section to another. They check only what the file holds, so they run twice: on a user's file
 * alone, then on the user's file merged with the shipped defaults (where every section is present).
 */
import type { ConfigPath } from './config-error'
import type { ApplicationFile, ConfigFile } from './config-schema'

/** A rule broken at a key path. */
export interface ConfigIssue {
  path: ConfigPath
  message: string
}

/** Index pairs `[duplicate, first]` of entries whose keys are equal. */
function duplicates<T>(items: readonly T[], keyOf: (item: T) => string): [number, number][] {
  const firstIndex = new Map<string, number>()
  const found: [number, number][] = []
  items.forEach((item, index) => {
    const key = keyOf(item)
    const first = firstIndex.get(key)
    if (first === undefined) firstIndex.set(key, index)
    else found.push([index, first])
  })
  return found
}

function checkLanguages(app: ApplicationFile, appPath: ConfigPath): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  const languages = app.languages ?? []
  // Sessions match codes and names case-insensitively (docs/sessions.md, "Languages").
  for (const field of ['code', 'name'] as const) {
    for (const [index, first] of duplicates(languages, (language) =>
      language[field].toLowerCase(),
    )) {
      issues.push({
        path: [...appPath, 'languages', index, field],
        message: `duplicate language ${field} "${languages[index]?.[field]}" (also languages[${first}]; case does not matter)`,
      })
    }
  }
  const defaultLanguage = app['default-language']
  const isKnown = languages.some((l) => l.code.toLowerCase() === defaultLanguage?.toLowerCase())
  if (defaultLanguage !== undefined && app.languages !== undefined && !isKnown) {
    const codes = languages.length === 0 ? 'it lists none' : `its languages: ${codesOf(app)}`
    issues.push({
      path: [...appPath, 'default-language'],
      message: `must be the code of one of the application's languages (got "${defaultLanguage}"; ${codes})`,
    })
  }
  return issues
}

function codesOf(app: ApplicationFile): string {
  return (app.languages ?? []).map((language) => language.code).join(', ')
}

function checkEndpoints(applications: readonly ApplicationFile[]): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  const owners = new Map<string, string>()
  applications.forEach((app, appIndex) => {
    const seenHere = new Set<string>()
    app.endpoints?.forEach((endpoint, index) => {
      const owner = owners.get(endpoint)
      const path = ['applications', appIndex, 'endpoints', index]
      if (seenHere.has(endpoint)) {
        issues.push({ path, message: `endpoint "${endpoint}" is listed twice` })
      } else if (owner !== undefined) {
        // Strategies attach to an endpoint by its name alone (docs/harness.md), so names are global.
        issues.push({
          path,
          message: `endpoint "${endpoint}" already belongs to application "${owner}"`,
        })
      }
      seenHere.add(endpoint)
      if (owner === undefined) owners.set(endpoint, app.name)
    })
  })
  return issues
}

/** Unique application names, endpoints, language codes and names, user ids; default languages. */
export function checkUniqueEntries(file: ConfigFile): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  const applications = file.applications ?? []
  for (const [index, first] of duplicates(applications, (app) => app.name)) {
    issues.push({
      path: ['applications', index, 'name'],
      message: `duplicate application name "${applications[index]?.name}" (also applications[${first}])`,
    })
  }
  issues.push(...checkEndpoints(applications))
  applications.forEach((app, index) => issues.push(...checkLanguages(app, ['applications', index])))
  const users = file.users ?? []
  for (const [index, first] of duplicates(users, (user) => user.id)) {
    issues.push({
      path: ['users', index, 'id'],
      message: `duplicate user id "${users[index]?.id}" (also users[${first}])`,
    })
  }
  return issues
}

function checkServices(file: ConfigFile, applications: readonly ApplicationFile[]): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  const names = applications.map((app) => app.name).join(', ')
  for (const [service, settings] of Object.entries(file.gms?.services ?? {})) {
    const path = ['gms', 'services', service]
    // Without `application` a service uses the default application (docs/gms.md, "Configuration").
    const app = settings.application ?? applications[0]?.name
    const hosting = applications.find((candidate) => candidate.name === app)
    if (hosting === undefined) {
      issues.push({
        path: [...path, 'application'],
        message: `names no configured application (got "${app}"; configured: ${names})`,
      })
      continue
    }
    const endpoint = settings._chat_endpoint
    if (endpoint !== undefined && hosting.endpoints && !hosting.endpoints.includes(endpoint)) {
      issues.push({
        path: [...path, '_chat_endpoint'],
        message: `must be an endpoint of application "${hosting.name}" (got "${endpoint}"; its endpoints: ${hosting.endpoints.join(', ')})`,
      })
    }
  }
  return issues
}

function checkStrategies(
  file: ConfigFile,
  applications: readonly ApplicationFile[],
): ConfigIssue[] {
  // An application without `endpoints` in a user's file takes them from the shipped defaults,
  // which are not known yet: the check waits for the merged configuration.
  if (applications.some((app) => app.endpoints === undefined)) return []
  const endpoints = applications.flatMap((app) => app.endpoints ?? [])
  return Object.keys(file.strategies ?? {})
    .filter((endpoint) => !endpoints.includes(endpoint))
    .map((endpoint) => ({
      path: ['strategies', endpoint],
      message: `names no endpoint of any application (configured endpoints: ${endpoints.join(', ')})`,
    }))
}

/** References between sections: GMS services to applications and endpoints, strategies. */
export function checkReferences(file: ConfigFile): ConfigIssue[] {
  const applications = file.applications
  // Without its own applications a user's file refers to the shipped ones, checked after merging.
  if (!applications) return []
  return [...checkServices(file, applications), ...checkStrategies(file, applications)]
}
