/**
 * What an agent's ESP composer (`espSend`) may send (docs/console-api.md, "Security"; docs/limits.md,
 * "Console"): only what the agent may do itself. The composer posts as a workflow would, so
 * without this an agent could reach the supervisor-only idle settings and language switch, the
 * supervisor-only VIP audience, or speak to the customer under a colleague's or supervisor's
 * name. Supervisors may send everything.
 */
import type { ConsoleUser } from '../../src-shared/console-api'
import { ConsoleApiError } from './console-errors'

/** Methods that change what only a supervisor may change (`configureIdle`, `setLanguage`). */
const SUPERVISOR_ONLY_METHODS: ReadonlyMap<string, string> = new Map([
  ['IdleControlConfigure', 'the idle settings (configureIdle)'],
  ['ConfigureSession', 'the language (setLanguage)'],
])

/** What `espSend` is asked to send. */
export interface ComposerRequest {
  method: string
  parameters: Readonly<Record<string, string | number | boolean>>
}

/**
 * A name as people read it: case, surrounding and repeated white space, and compatibility forms
 * (full-width letters...) do not make "Sam Supervisor" someone else.
 */
function asRead(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase()
}

function forbidden(message: string, field: string): ConsoleApiError {
  return new ConsoleApiError('forbidden', message, field)
}

/**
 * Throws `forbidden` when `user` may not have the composer send `request`; nothing is sent then.
 * An unknown method passes, so that ESP's own `unknown-method` fault can be seen.
 */
export function checkComposerRequest(
  user: ConsoleUser,
  request: ComposerRequest,
  users: readonly ConsoleUser[],
): void {
  if (user.role === 'supervisor') return
  const supervisorOnly = SUPERVISOR_ONLY_METHODS.get(request.method)
  if (supervisorOnly !== undefined) {
    throw forbidden(
      `Only a supervisor may send ${request.method}: it changes ${supervisorOnly}`,
      'method',
    )
  }
  const { Visibility: visibility, Nickname: nickname } = request.parameters
  // ESP reads VIP in capitals only; refusing any spelling costs nothing and leaves no doubt.
  if (visibility !== undefined && asRead(String(visibility)) === 'vip') {
    throw forbidden(
      'Only a supervisor may post for supervisors only (Visibility VIP)',
      'Visibility',
    )
  }
  if (nickname !== undefined) {
    const posedAs = users.find((candidate) => asRead(candidate.name) === asRead(String(nickname)))
    if (posedAs) {
      throw forbidden(
        `The nickname ${JSON.stringify(String(nickname))} is the name of the console user ` +
          `${posedAs.id}; the composer may not post under a colleague's or supervisor's name`,
        'Nickname',
      )
    }
  }
}
