/**
 * The steps of docs/harness.md, each through the endpoint its actor really uses: customers through
 * the GMS API, agents and supervisors through the console API, `esp` through the ESP endpoint.
 */
import type { ConsoleMethodName, ConsoleParams, ConsoleRole } from '../../src-shared/console-api'
import { formatDuration, parseDuration } from './durations'
import type { EspAnswer } from './esp-client'
import { runExpect } from './expectations'
import type { AgentStep, CustomerStep, EspStep, Step, SupervisorStep } from './scenario-schema'
import type { ScenarioWorld } from './scenario-world'
import { StepFailure } from './step-failure'

async function customerStep(world: ScenarioWorld, step: CustomerStep): Promise<void> {
  const customer = world.customer(step.id)
  if (step.start) {
    await customer.start(step.start)
    world.currentCustomer = customer.id
  } else if (step.say !== undefined) await customer.say(step.say)
  else if (step.typing !== undefined) await customer.typing(step.typing)
  else if (step.leave) await customer.leave()
  else if (step.refresh) await customer.refresh()
}

type ConsoleStep = AgentStep & Partial<Omit<SupervisorStep, keyof AgentStep>>
type ConsoleCall = {
  [M in ConsoleMethodName]: { method: M; params: ConsoleParams<M> }
}[ConsoleMethodName]

const textOf = (values: Record<string, string | number | boolean>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value)]))

/** The console method and params of a console step. */
function consoleCall(step: ConsoleStep, sessionId: string): ConsoleCall {
  if (step.accept !== undefined) return { method: 'accept', params: { sessionId } }
  if (step.join) return { method: 'join', params: { sessionId, mode: step.join } }
  if (step.mode) return { method: 'setMode', params: { sessionId, mode: step.mode } }
  if (step.say !== undefined)
    return { method: 'sendMessage', params: { sessionId, text: step.say } }
  if (step.note !== undefined) return { method: 'sendNote', params: { sessionId, text: step.note } }
  if (step.typing !== undefined) {
    return { method: 'setTyping', params: { sessionId, isTyping: step.typing } }
  }
  if (step.pushUrl !== undefined)
    return { method: 'pushUrl', params: { sessionId, url: step.pushUrl } }
  if (step.idle)
    return { method: 'configureIdle', params: { sessionId, settings: textOf(step.idle) } }
  if (step.language !== undefined) {
    const language = typeof step.language === 'string' ? { code: step.language } : step.language
    return { method: 'setLanguage', params: { sessionId, ...language } }
  }
  if (step.leave) return { method: 'leave', params: { sessionId } }
  return { method: 'closeSession', params: { sessionId } }
}

async function consoleStep(world: ScenarioWorld, role: ConsoleRole, step: ConsoleStep) {
  const userId = world.consoles.userId(role, step.id)
  const target = typeof step.accept === 'string' ? step.accept : step.session
  const sessionId = world.sessionId(target)
  const { method, params } = consoleCall(step, sessionId)
  const reply = await world.consoles.send(userId, method, params)
  if (step.expectError !== undefined) {
    if ('error' in reply && reply.error.code === step.expectError) return
    const outcome =
      'error' in reply ? `${reply.error.code}: ${reply.error.message}` : 'it succeeded'
    throw new StepFailure(
      `${userId}: ${method} should be refused with ${step.expectError}, but ${outcome}`,
    )
  }
  if ('error' in reply) {
    throw new StepFailure(
      `${userId}: ${method} was refused: ${reply.error.code}: ${reply.error.message}`,
    )
  }
  if (method === 'accept') world.agentOfSession.set(sessionId, userId)
}

/** Sends an `esp` step's request, with the session's own user data unless it gives some. */
function sendEsp(world: ScenarioWorld, step: EspStep): Promise<EspAnswer> {
  const interactionId =
    step.interactionId === undefined ? world.sessionId(step.session) : step.interactionId
  const sessionUserData =
    interactionId === null
      ? undefined
      : world.server.engine.getSession(interactionId, 'supervisor')?.userData
  return world.esp.request({
    method: step.method,
    ...(interactionId === null ? {} : { interactionId }),
    ...(step.application === undefined ? {} : { application: step.application }),
    ...(step.service === undefined ? {} : { service: step.service }),
    parameters: step.parameters ?? {},
    userData: step.userData ?? sessionUserData ?? {},
  })
}

/** The answer is what the step expects: a response, or the fault it names. */
function checkEspAnswer(step: EspStep, answer: EspAnswer): void {
  const shown = [`answer ${JSON.stringify(answer)}`]
  const fault = answer.event === 'Event3rdServerFault' ? answer.fault : undefined
  if (step.expectFault !== undefined) {
    if (fault?.code !== step.expectFault) {
      throw new StepFailure(`esp ${step.method}: expected fault ${step.expectFault}`, shown)
    }
    if (step.faultParameter !== undefined && fault.parameter !== step.faultParameter) {
      const message = `esp ${step.method}: expected the fault to name ${step.faultParameter}`
      throw new StepFailure(message, shown)
    }
  } else if (fault) {
    const parameter = fault.parameter ? ` (${fault.parameter})` : ''
    const message = `esp ${step.method} was answered with fault ${fault.code}${parameter}`
    throw new StepFailure(`${message}: ${fault.text}`)
  }
  if (step.expectIgnored === undefined) return
  const ignored = [...(answer.ignoredParameters ?? [])].sort()
  if (JSON.stringify(ignored) !== JSON.stringify([...step.expectIgnored].sort())) {
    const message = `esp ${step.method}: ignoredParameters ${JSON.stringify(ignored)}`
    throw new StepFailure(message, [`expected ${JSON.stringify(step.expectIgnored)}`])
  }
}

async function espStep(world: ScenarioWorld, step: EspStep): Promise<void> {
  checkEspAnswer(step, await sendEsp(world, step))
}

/** The step's kind, as written: `customer`, `wait`, ... */
export function stepKind(step: Step): string {
  return Object.keys(step).find((key) => step[key as keyof Step] !== undefined) ?? 'step'
}

/**
 * Moves the clock to `anchor` (a duration from the scenario's start: `until: 2h`, `at: 7200s`);
 * an anchor already passed fails, since time cannot go back.
 */
async function advanceToAnchor(world: ScenarioWorld, anchor: string | number, key: string) {
  const target = parseDuration(anchor) ?? 0
  if (target < world.elapsed) {
    throw new StepFailure(
      `${key} ${formatDuration(target)}: the scenario is already at T+${formatDuration(world.elapsed)}`,
    )
  }
  await world.advance(target - world.elapsed)
}

/** Runs one step; throws a {@link StepFailure} when it does not go as written. */
export async function runStep(world: ScenarioWorld, step: Step): Promise<void> {
  if (step.customer) return customerStep(world, step.customer)
  if (step.agent) return consoleStep(world, 'agent', step.agent)
  if (step.supervisor) return consoleStep(world, 'supervisor', step.supervisor)
  if (step.esp) return espStep(world, step.esp)
  if (step.wait !== undefined) {
    if (typeof step.wait === 'object') return advanceToAnchor(world, step.wait.until, 'wait.until')
    return world.advance(parseDuration(step.wait) ?? 0)
  }
  if (step.expect) {
    if (step.expect.at !== undefined) await advanceToAnchor(world, step.expect.at, 'expect.at')
    return runExpect(world, step.expect)
  }
}
