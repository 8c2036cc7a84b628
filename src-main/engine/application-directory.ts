import type { ApplicationConfig } from './application-config'
import { EngineError } from './engine-error'

/** Where a new session should go: an application, an endpoint, both, or neither (the default). */
export interface SessionPlacement {
  application?: string
  endpoint?: string
}

/** The configured Chat Server applications; the first is the default one (README.md). */
export class ApplicationDirectory {
  constructor(private readonly applications: readonly ApplicationConfig[]) {
    if (applications.length === 0) throw new TypeError('applications must not be empty')
  }

  get names(): string[] {
    return this.applications.map((app) => app.name)
  }

  get defaultApplication(): ApplicationConfig {
    return this.applications[0]!
  }

  find(name: string): ApplicationConfig | undefined {
    return this.applications.find((app) => app.name === name)
  }

  /** The application called `name`, or the default one; an unknown name is refused. */
  get(name?: string): ApplicationConfig {
    if (name === undefined) return this.defaultApplication
    const application = this.find(name)
    if (!application) {
      throw new EngineError('unknown-application', `No application named ${JSON.stringify(name)}`)
    }
    return application
  }

  /**
   * The application and endpoint of a new session. An endpoint belongs to exactly one
   * application, so an endpoint alone names its application; an application alone uses its first
   * endpoint; both must agree.
   */
  place(request: SessionPlacement): { application: ApplicationConfig; endpoint: string } {
    const { endpoint } = request
    if (request.application !== undefined || endpoint === undefined) {
      const application = this.get(request.application)
      if (endpoint !== undefined && !application.endpoints.includes(endpoint)) {
        throw unknownEndpoint(`${application.name} has no endpoint ${JSON.stringify(endpoint)}`)
      }
      return { application, endpoint: endpoint ?? application.endpoints[0]! }
    }
    const owner = this.applications.find((app) => app.endpoints.includes(endpoint))
    if (!owner) throw unknownEndpoint(`No application hosts endpoint ${JSON.stringify(endpoint)}`)
    return { application: owner, endpoint }
  }
}

function unknownEndpoint(message: string): EngineError {
  return new EngineError('invalid-parameter', message, 'endpoint')
}
