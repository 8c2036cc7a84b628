import { describe, expect, it } from 'vitest'
import type { ChatEvent } from '../../../src-shared/domain'
import { noticesOf, startChat, transcript } from '../../helpers/engine'
import { call, createConsoleKit, refused } from './console-fixture'

async function activeChat() {
  const kit = createConsoleKit()
  const { sessionId } = await startChat(kit.engine)
  const agent = await kit.window('agent1')
  const supervisor = await kit.window('supervisor1')
  await call(agent, 'accept', { sessionId })
  return { kit, sessionId, agent, supervisor }
}

const visibilities = (events: ChatEvent[]) => new Set(events.map((event) => event.visibility))

describe('supervisor modes', () => {
  it('joins in monitor mode invisibly: an agent sees no supervisor party', async () => {
    const { sessionId, agent, supervisor } = await activeChat()
    const { partyId } = await call(supervisor, 'join', { sessionId, mode: 'monitor' })
    const asAgent = (await call(agent, 'getSession', { sessionId })).session
    const asSupervisor = (await call(supervisor, 'getSession', { sessionId })).session
    expect(asAgent.parties.map((party) => party.type)).not.toContain('SUPERVISOR')
    expect(asSupervisor.parties).toContainEqual(
      expect.objectContaining({ partyId, type: 'SUPERVISOR', mode: 'monitor' }),
    )
  })

  it('switches to coach: its messages reach the agent, not the customer', async () => {
    const { kit, sessionId, supervisor } = await activeChat()
    await call(supervisor, 'join', { sessionId, mode: 'monitor' })
    await call(supervisor, 'setMode', { sessionId, mode: 'coach' })
    await call(supervisor, 'sendMessage', { sessionId, text: 'Offer the discount' })
    expect(transcript(kit.engine, sessionId, 'agent').at(-1)).toMatchObject({
      text: 'Offer the discount',
      visibility: 'INT',
    })
    const customerTexts = transcript(kit.engine, sessionId, 'customer').map((event) =>
      event.type === 'message' ? event.text : '',
    )
    expect(customerTexts).not.toContain('Offer the discount')
  })
})

describe('compareViews', () => {
  it('shows the customer no INT or VIP event, the agent no VIP, the supervisor all', async () => {
    const { kit, sessionId, agent, supervisor } = await activeChat()
    await call(supervisor, 'join', { sessionId, mode: 'monitor' })
    await call(agent, 'sendNote', { sessionId, text: 'internal' })
    await kit.engine.sendAsExternal(sessionId, {
      nickname: 'workflow',
      visibility: 'VIP',
      content: { kind: 'message', text: 'for supervisors' },
    })
    await call(agent, 'sendMessage', { sessionId, text: 'hello' })
    const views = await call(supervisor, 'compareViews', { sessionId, limit: 50 })
    expect(visibilities(views.customer.events)).toEqual(new Set(['ALL']))
    expect(visibilities(views.agent.events)).toEqual(new Set(['ALL', 'INT']))
    expect(visibilities(views.supervisor.events)).toEqual(new Set(['ALL', 'INT', 'VIP']))
    expect(views.supervisor.events.at(-1)).toMatchObject({ text: 'hello' })
  })

  it('gives each audience its newest page', async () => {
    const { sessionId, agent, supervisor } = await activeChat()
    for (const text of ['one', 'two', 'three'])
      await call(agent, 'sendMessage', { sessionId, text })
    const views = await call(supervisor, 'compareViews', { sessionId, limit: 2 })
    expect(
      views.customer.events.map((event) => (event.type === 'message' ? event.text : '')),
    ).toEqual(['two', 'three'])
    expect(views.customer.hasMore).toBe(true)
  })
})

describe('configureIdle', () => {
  it.each([
    [{ 'timeout-alert': '0' }, 'timeout-alert', /timeout-alert must be a whole number/],
    [{ 'timeout-close': '1.5' }, 'timeout-close', /from 1 to 86400/],
    [{ enabled: 'yes' }, 'enabled', /enabled must be true or false/],
    [{ 'include-notices': 'some' }, 'include-notices', /none, major, major2, typing, all/],
    [{ 'reset-parameters': 'maybe' }, 'reset-parameters', /true or false/],
    [{ 'timeout-alert': '30', 'timeout-alrt': '5' }, 'timeout-alrt', /not an idle-control/],
  ])('refuses %j naming the field, and changes nothing', async (settings, field, message) => {
    const { kit, sessionId, supervisor } = await activeChat()
    const before = kit.engine.getSession(sessionId, 'supervisor')
    const error = await refused(supervisor, 'configureIdle', { sessionId, settings })
    expect(error).toMatchObject({ code: 'invalid-parameter', field })
    expect(error.message).toMatch(message)
    expect(kit.engine.getSession(sessionId, 'supervisor')).toEqual(before)
    expect(noticesOf(kit.engine, sessionId, 'IDLE_CONTROL_SET')).toEqual([])
  })

  it('refuses an empty change and a value that is not text', async () => {
    const { sessionId, supervisor } = await activeChat()
    const empty = await refused(supervisor, 'configureIdle', { sessionId, settings: {} })
    expect(empty.code).toBe('no-parameters')
    const typed = await refused(supervisor, 'configureIdle', {
      sessionId,
      settings: { 'timeout-close': 30 },
    })
    expect(typed).toMatchObject({ code: 'invalid-params', field: 'timeout-close' })
  })

  it('applies valid settings at once, posting IDLE_CONTROL_SET by the supervisor’s name', async () => {
    const { kit, sessionId, supervisor } = await activeChat()
    await call(supervisor, 'configureIdle', {
      sessionId,
      settings: { 'timeout-alert': '30', 'message-alert': 'Still there?' },
    })
    const { session } = await call(supervisor, 'getSession', { sessionId })
    expect(session.idleControl).toMatchObject({ timeoutAlert: 30, messageAlert: 'Still there?' })
    const [notice] = noticesOf(kit.engine, sessionId, 'IDLE_CONTROL_SET')
    expect(notice?.text).toContain('by Sam Supervisor')
    expect(notice?.visibility).toBe('INT')
    await kit.advance(30_000)
    expect(noticesOf(kit.engine, sessionId, 'IDLE_CONTROL_ALERT')[0]?.text).toBe('Still there?')
  })

  it('resets to the application settings with reset-parameters', async () => {
    const { kit, sessionId, supervisor } = await activeChat()
    await call(supervisor, 'configureIdle', { sessionId, settings: { 'timeout-alert': '30' } })
    await call(supervisor, 'configureIdle', { sessionId, settings: { 'reset-parameters': 'TRUE' } })
    const { session } = await call(supervisor, 'getSession', { sessionId })
    expect(session.idleControl.timeoutAlert).toBe(255)
    expect(noticesOf(kit.engine, sessionId, 'IDLE_CONTROL_SET')).toHaveLength(2)
  })
})

describe('setLanguage', () => {
  it('switches by code, by name, posting LANGUAGE_SET by the supervisor’s name', async () => {
    const { kit, sessionId, supervisor } = await activeChat()
    await call(supervisor, 'setLanguage', { sessionId, code: 'FR-fr', name: 'Deutsch' })
    let { session } = await call(supervisor, 'getSession', { sessionId })
    expect(session.language).toEqual({ code: 'fr-FR', name: 'Français' })
    expect(session.userData.GCTI_LanguageCode).toBe('fr-FR')
    expect(noticesOf(kit.engine, sessionId, 'LANGUAGE_SET')[0]?.text).toBe(
      'Language set to Français (fr-FR) by Sam Supervisor',
    )
    await call(supervisor, 'setLanguage', { sessionId, name: 'deutsch' })
    ;({ session } = await call(supervisor, 'getSession', { sessionId }))
    expect(session.language?.code).toBe('de-DE')
  })

  it('refuses an unknown language, naming the field, and keeps the language', async () => {
    const { kit, sessionId, supervisor } = await activeChat()
    const byCode = await refused(supervisor, 'setLanguage', { sessionId, code: 'xx-XX' })
    expect(byCode).toMatchObject({ code: 'unknown-language', field: 'code' })
    expect(byCode.message).toContain('xx-XX')
    const byName = await refused(supervisor, 'setLanguage', { sessionId, name: 'Klingon' })
    expect(byName).toMatchObject({ code: 'unknown-language', field: 'name' })
    const neither = await refused(supervisor, 'setLanguage', { sessionId })
    expect(neither.code).toBe('invalid-params')
    expect(kit.engine.getSession(sessionId, 'supervisor')?.language?.code).toBe('en-US')
    expect(noticesOf(kit.engine, sessionId, 'LANGUAGE_SET')).toEqual([])
  })
})

describe('the supervisor’s session list', () => {
  it('lists every session, open and closed, with filters and transcript search', async () => {
    const { kit, sessionId, agent, supervisor } = await activeChat()
    const queued = await startChat(kit.engine, { GCTI_LanguageCode: 'fr-FR' })
    const closed = await startChat(kit.engine)
    await call(agent, 'accept', { sessionId: closed.sessionId })
    await call(agent, 'sendMessage', { sessionId: closed.sessionId, text: 'refund approved' })
    await call(agent, 'closeSession', { sessionId: closed.sessionId })
    await kit.engine.sendAsExternal(sessionId, {
      nickname: 'workflow',
      visibility: 'VIP',
      content: { kind: 'message', text: 'secret fraud score' },
    })

    const ids = async (filters: object) =>
      (await call(supervisor, 'listSessions', { filters })).sessions.map((row) => row.sessionId)
    expect((await ids({})).sort()).toEqual([sessionId, queued.sessionId, closed.sessionId].sort())
    expect(await ids({ state: 'closed' })).toEqual([closed.sessionId])
    expect(await ids({ state: 'queued' })).toEqual([queued.sessionId])
    expect((await ids({ state: 'open' })).sort()).toEqual([sessionId, queued.sessionId].sort())
    expect(await ids({ language: 'fr-FR' })).toEqual([queued.sessionId])
    expect((await ids({ agent: 'agent1' })).sort()).toEqual([sessionId, closed.sessionId].sort())
    expect(await ids({ text: 'refund' })).toEqual([closed.sessionId])
    expect(await ids({ text: 'fraud score' })).toEqual([sessionId])
    expect(await ids({ application: 'Nowhere' })).toEqual([])
    // An agent's search never matches a text it may not see.
    const agentSearch = await call(agent, 'listSessions', { filters: { text: 'fraud score' } })
    expect(agentSearch.sessions).toEqual([])
  })

  it('cuts the list at the limit and says so', async () => {
    const kit = createConsoleKit()
    for (let index = 0; index < 3; index += 1) await startChat(kit.engine)
    const supervisor = await kit.window('supervisor1')
    const list = await call(supervisor, 'listSessions', { limit: 2 })
    expect(list.sessions).toHaveLength(2)
    expect(list.isTruncated).toBe(true)
    expect((await call(supervisor, 'listSessions', { limit: 3 })).isTruncated).toBe(false)
  })
})

describe('traces of hidden events', () => {
  it('gives an agent the id of the last event it can see, not of a VIP one', async () => {
    const { kit, sessionId, agent, supervisor } = await activeChat()
    await call(agent, 'sendMessage', { sessionId, text: 'visible' })
    await kit.engine.sendAsExternal(sessionId, {
      nickname: 'workflow',
      visibility: 'VIP',
      content: { kind: 'message', text: 'hidden' },
    })
    const agentLast = transcript(kit.engine, sessionId, 'agent').at(-1)!.eventId
    const asAgent = (await call(agent, 'getSession', { sessionId })).session
    const asSupervisor = (await call(supervisor, 'getSession', { sessionId })).session
    expect(asAgent.lastEventId).toBe(agentLast)
    expect(asSupervisor.lastEventId).toBeGreaterThan(agentLast)
    const [row] = (await call(agent, 'listSessions', {})).sessions
    expect(row?.lastEventId).toBe(agentLast)
  })
})
