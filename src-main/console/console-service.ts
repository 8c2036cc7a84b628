/**
 * The console API service (docs/console-api.md, "Console API"): shared by both transports, it opens one
 * {@link ConsoleSession} per console window. The Electron IPC wiring and the browser-mode
 * WebSocket listener both call `openSession()` per window and route calls to it.
 */
import { CONSOLE_ROLES, type ConsoleUser } from '../../src-shared/console-api'
import type { ChatEngine } from '../engine/chat-engine'
import type { Clock, Logger } from '../engine/ports'
import { ConsoleSession } from './console-session'
import type { DashboardFeed } from './dashboard-feed'
import { EspSender } from './esp-sender'
import { GmsClient } from './gms-client'
import { RaisedHands } from './raised-hands'
import { SignedInUsers } from './signed-in-users'

export interface ConsoleServiceOptions {
  engine: ChatEngine
  /** The console users of the configuration (`users:`). */
  users: readonly ConsoleUser[]
  /** Origin of the GMS listener the test customer talks to; without it, test customers fail. */
  gmsUrl?: string
  /** For wait times and countdown reference times; the engine's clock. Default: wall clock. */
  clock?: Pick<Clock, 'now'>
  logger?: Logger
  /** Per GMS request of a test customer. Default 10 s. */
  gmsTimeoutMs?: number
  /** URL of the ESP listener the ESP composer (`espSend`) posts to; without it, it fails. */
  espUrl?: string
  /** `esp.token`, when the ESP listener requires one. */
  espToken?: string
  /** The supervisor dashboard (built on the store by the composition root). */
  dashboard?: DashboardFeed
  /** Who is signed in; the dashboard feed must share it. Default: a registry of its own. */
  presence?: SignedInUsers
  /** The floor's raised hands; the dashboard feed must share it. Default: its own. */
  hands?: RaisedHands
  /** `<data-dir>/standard-responses.yaml` (docs/dashboard.md); absent: none. */
  standardResponsesFile?: string
}

const silentLogger: Logger = { info() {}, warn() {}, error() {} }
const wallClock: Pick<Clock, 'now'> = { now: () => Date.now() }

/** Checks the users option; a TypeError names the entry at fault. */
function indexUsers(users: readonly ConsoleUser[]): Map<string, ConsoleUser> {
  if (!Array.isArray(users)) throw new TypeError('users must be an array')
  const byId = new Map<string, ConsoleUser>()
  users.forEach((user, index) => {
    if (typeof user?.id !== 'string' || user.id === '') {
      throw new TypeError(`users[${index}].id must be a non-empty string`)
    }
    if (typeof user.name !== 'string' || user.name === '') {
      throw new TypeError(`users[${index}].name must be a non-empty string`)
    }
    if (!(CONSOLE_ROLES as readonly string[]).includes(user.role)) {
      throw new TypeError(`users[${index}].role must be agent or supervisor`)
    }
    if (byId.has(user.id)) throw new TypeError(`users[${index}].id ${user.id} is used twice`)
    byId.set(user.id, { id: user.id, name: user.name, role: user.role })
  })
  return byId
}

/** The console API over one engine. */
export class ConsoleService {
  private readonly users: ReadonlyMap<string, ConsoleUser>
  private readonly gms: GmsClient | undefined
  private readonly esp: EspSender | undefined
  /** Who is signed in to which window now. */
  readonly presence: SignedInUsers
  readonly hands: RaisedHands

  constructor(private readonly options: ConsoleServiceOptions) {
    this.presence = options.presence ?? new SignedInUsers()
    this.hands = options.hands ?? new RaisedHands(options.clock ?? wallClock, options.engine)
    if (!options.engine) throw new TypeError('engine is required')
    this.users = indexUsers(options.users)
    this.gms =
      options.gmsUrl === undefined
        ? undefined
        : new GmsClient({
            baseUrl: options.gmsUrl,
            ...(options.gmsTimeoutMs === undefined ? {} : { timeoutMs: options.gmsTimeoutMs }),
          })
    this.esp =
      options.espUrl === undefined
        ? undefined
        : new EspSender({
            url: options.espUrl,
            ...(options.espToken === undefined ? {} : { token: options.espToken }),
          })
  }

  /** A new console window, not signed in yet. Close it with `close()` when the window goes. */
  openSession(): ConsoleSession {
    return new ConsoleSession({
      engine: this.options.engine,
      users: this.users,
      clock: this.options.clock ?? wallClock,
      logger: this.options.logger ?? silentLogger,
      gms: this.gms,
      esp: this.esp,
      dashboard: this.options.dashboard,
      presence: this.presence,
      hands: this.hands,
      standardResponsesFile: this.options.standardResponsesFile,
    })
  }
}
