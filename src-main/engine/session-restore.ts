import type { ApplicationDirectory } from './application-directory'
import type { Logger, Persistence } from './ports'
import type { SessionRegistry } from './session-registry'

/**
 * Loads the open sessions of the store into the registry and returns how many are open.
 * Sessions already held (a second call) are left alone, so their timers never run twice.
 * Decision (docs/sessions.md): running idle timers start again from now, at the first phase, so a
 * restart never mass-closes sessions for the time the server was down.
 */
export function restoreOpenSessions(
  registry: SessionRegistry,
  persistence: Persistence,
  applications: ApplicationDirectory,
  logger: Logger,
): number {
  for (const { session: record, parties } of persistence.loadOpenSessions()) {
    if (registry.has(record.sessionId)) continue
    const application = applications.find(record.application)
    if (!application) {
      // Closing it would post events in the name of an application that no longer exists.
      logger.warn('open session of an application no longer configured is left as it is', {
        sessionId: record.sessionId,
        application: record.application,
      })
      continue
    }
    const session = registry.add(application, record, parties, true)
    if (session.idleSettings.enabled) {
      session.recordIdle('restored', 'server restarted: running timers start again from now')
    }
    session.refreshIdle()
  }
  return registry.count()
}
