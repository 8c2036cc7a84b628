import { describe, expect, it } from 'vitest'
import { CONSOLE_METHOD_NAMES, type ConsoleMethodName } from '../../../src-shared/console-api'
import { CONSOLE_METHODS } from '../../../src-shared/console-api-schemas'
import { startChat, transcript } from '../../helpers/engine'
import { call, createConsoleKit, refused } from './console-fixture'

const SESSION = 'S000000000000001'

/** Plausible params for each method, so only the role decides. */
const VALID_PARAMS: Partial<Record<ConsoleMethodName, unknown>> = {
  join: { sessionId: SESSION, mode: 'monitor' },
  setMode: { sessionId: SESSION, mode: 'coach' },
  configureIdle: { sessionId: SESSION, settings: { enabled: 'false' } },
  setLanguage: { sessionId: SESSION, code: 'fr-FR' },
  compareViews: { sessionId: SESSION, limit: 10 },
  accept: { sessionId: SESSION },
}

const notFor = (role: 'agent' | 'supervisor') =>
  CONSOLE_METHOD_NAMES.filter((name) => {
    const { roles } = CONSOLE_METHODS[name]
    return roles !== 'anyone' && !roles.includes(role)
  })

describe('console roles', () => {
  it('lists the users without sign-in, and refuses everything else until signed in', async () => {
    const kit = createConsoleKit()
    const window = await kit.window()
    const { users } = await call(window, 'listUsers', {})
    expect(users.map((user) => user.id)).toEqual(['agent1', 'agent2', 'supervisor1'])
    const error = await refused(window, 'listSessions', {})
    expect(error.code).toBe('not-signed-in')
    expect(error.message).toMatch(/sign in/i)
  })

  it('signs in a configured user and refuses an unknown one, naming the field', async () => {
    const kit = createConsoleKit()
    const window = await kit.window()
    expect(await call(window, 'signIn', { userId: 'supervisor1' })).toEqual({
      user: { id: 'supervisor1', name: 'Sam Supervisor', role: 'supervisor' },
    })
    const error = await refused(window, 'signIn', { userId: 'mallory' })
    expect(error).toMatchObject({ code: 'unknown-user', field: 'userId' })
  })

  it('makes join, setMode, configureIdle, setLanguage and compareViews supervisor-only', () => {
    expect(notFor('agent').sort()).toEqual(
      [
        'compareViews',
        'configureIdle',
        'dashboard.subscribe',
        'dashboard.unsubscribe',
        'join',
        'pickUpHand',
        'setLanguage',
        'setMode',
      ].sort(),
    )
    expect(notFor('supervisor')).toEqual(['accept', 'raiseHand'])
  })

  it.each(notFor('agent'))('refuses %s to an agent, and changes nothing', async (method) => {
    const kit = createConsoleKit()
    const { sessionId } = await startChat(kit.engine)
    expect(sessionId).toBe(SESSION)
    const before = transcript(kit.engine, sessionId, 'supervisor')
    const agent = await kit.window('agent1')
    const error = await refused(agent, method, VALID_PARAMS[method])
    expect(error.code).toBe('forbidden')
    expect(error.message).toContain('supervisors only')
    expect(transcript(kit.engine, sessionId, 'supervisor')).toEqual(before)
    expect(kit.engine.getSession(sessionId, 'supervisor')?.language?.code).toBe('en-US')
  })

  it('refuses accept to a supervisor (supervisors join in a mode)', async () => {
    const kit = createConsoleKit()
    const { sessionId } = await startChat(kit.engine)
    const supervisor = await kit.window('supervisor1')
    expect((await refused(supervisor, 'accept', { sessionId })).code).toBe('forbidden')
  })

  it('checks the role before the params, and the params before the engine', async () => {
    const kit = createConsoleKit()
    const agent = await kit.window('agent1')
    expect((await refused(agent, 'join', { nonsense: true })).code).toBe('forbidden')
    const error = await refused(agent, 'sendMessage', { sessionId: SESSION, text: '' })
    expect(error).toMatchObject({ code: 'invalid-params', field: 'text' })
    const extra = await refused(agent, 'getSession', { sessionId: SESSION, role: 'supervisor' })
    expect(extra.code).toBe('invalid-params')
    expect((await refused(agent, 'getSession', { sessionId: SESSION })).code).toBe(
      'unknown-session',
    )
  })

  it('answers an unknown method with a code and a sentence', async () => {
    const kit = createConsoleKit()
    const window = await kit.window('agent1')
    for (const method of ['dropDatabase', 'constructor', '__proto__']) {
      const error = await refused(window, method, {})
      expect(error.code).toBe('unknown-method')
      expect(error.message).toContain(method)
    }
  })
})

describe('what an agent may reach', () => {
  it('lists the queue with wait times and its own active sessions, not other agents’', async () => {
    const kit = createConsoleKit()
    const queued = await startChat(kit.engine, {}, 'Ann')
    const mine = await startChat(kit.engine, {}, 'Bob')
    const theirs = await startChat(kit.engine, {}, 'Cy')
    const agent1 = await kit.window('agent1')
    const agent2 = await kit.window('agent2')
    await call(agent1, 'accept', { sessionId: mine.sessionId })
    await call(agent2, 'accept', { sessionId: theirs.sessionId })
    await kit.advance(90_000)

    const list = await call(agent1, 'listSessions', {})
    const rows = new Map(list.sessions.map((row) => [row.sessionId, row]))
    expect([...rows.keys()].sort()).toEqual([queued.sessionId, mine.sessionId].sort())
    expect(rows.get(queued.sessionId)?.waitSeconds).toBe(90)
    expect(rows.get(mine.sessionId)?.waitSeconds).toBeNull()
    expect(list.serverTime).toBe(kit.clock.now())

    const queueOnly = await call(agent1, 'listSessions', { filters: { state: 'queued' } })
    expect(queueOnly.sessions.map((row) => row.sessionId)).toEqual([queued.sessionId])
  })

  it('may open a queued session and its own, but not another agent’s', async () => {
    const kit = createConsoleKit()
    const queued = await startChat(kit.engine)
    const theirs = await startChat(kit.engine)
    const agent1 = await kit.window('agent1')
    const agent2 = await kit.window('agent2')
    await call(agent2, 'accept', { sessionId: theirs.sessionId })

    await expect(call(agent1, 'getSession', { sessionId: queued.sessionId })).resolves.toBeDefined()
    const error = await refused(agent1, 'readTranscript', { sessionId: theirs.sessionId })
    expect(error.code).toBe('forbidden')
    expect((await refused(agent1, 'getSession', { sessionId: theirs.sessionId })).code).toBe(
      'forbidden',
    )
  })

  it('refuses a second agent accepting a session already taken, with conflict', async () => {
    const kit = createConsoleKit()
    const { sessionId } = await startChat(kit.engine)
    const agent1 = await kit.window('agent1')
    const agent2 = await kit.window('agent2')
    const [first, second] = await Promise.all([
      agent1.call('accept', { sessionId }),
      agent2.call('accept', { sessionId }),
    ])
    expect('result' in first).toBe(true)
    expect(second).toMatchObject({ error: { code: 'conflict' } })
    // Accepting again is harmless for the agent already in it.
    expect((await call(agent1, 'accept', { sessionId })).eventIds).toEqual([])
  })

  it('refuses actions in a session the caller is not in, saying what to do', async () => {
    const kit = createConsoleKit()
    const { sessionId } = await startChat(kit.engine)
    const agent = await kit.window('agent1')
    const supervisor = await kit.window('supervisor1')
    const error = await refused(agent, 'sendMessage', { sessionId, text: 'hello' })
    expect(error).toMatchObject({ code: 'not-in-session' })
    expect(error.message).toContain('accept it first')
    expect((await refused(supervisor, 'setMode', { sessionId, mode: 'coach' })).message).toContain(
      'join it first',
    )
  })
})
