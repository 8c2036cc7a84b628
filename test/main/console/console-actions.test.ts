import { describe, expect, it } from 'vitest'
import type { ChatEvent } from '../../../src-shared/domain'
import { startChat, transcript } from '../../helpers/engine'
import { call, createConsoleKit, refused } from './console-fixture'

const last = (events: ChatEvent[]): ChatEvent | undefined => events.at(-1)

describe('an agent in a session', () => {
  it('accepts a queued session as AGENT with its name, making it active', async () => {
    const kit = createConsoleKit()
    const { sessionId } = await startChat(kit.engine)
    const agent = await kit.window('agent1')
    const { partyId, eventIds } = await call(agent, 'accept', { sessionId })
    const { session } = await call(agent, 'getSession', { sessionId })
    expect(session.state).toBe('active')
    expect(session.parties).toContainEqual(
      expect.objectContaining({ partyId, type: 'AGENT', nickname: 'Alex Agent', userId: 'agent1' }),
    )
    expect(eventIds).toHaveLength(1)
  })

  it('sends messages to everyone and notes to agents and supervisors only', async () => {
    const kit = createConsoleKit()
    const { sessionId } = await startChat(kit.engine)
    const agent = await kit.window('agent1')
    await call(agent, 'accept', { sessionId })
    await call(agent, 'sendMessage', { sessionId, text: 'Hello Ann' })
    await call(agent, 'sendNote', { sessionId, text: 'VIP customer, be nice' })
    const customer = transcript(kit.engine, sessionId, 'customer')
    expect(last(customer)).toMatchObject({ type: 'message', text: 'Hello Ann', visibility: 'ALL' })
    expect(last(transcript(kit.engine, sessionId, 'agent'))).toMatchObject({
      text: 'VIP customer, be nice',
      visibility: 'INT',
    })
  })

  it('sends typing notices and pushes http(s) URLs only', async () => {
    const kit = createConsoleKit()
    const { sessionId } = await startChat(kit.engine)
    const agent = await kit.window('agent1')
    await call(agent, 'accept', { sessionId })
    await call(agent, 'setTyping', { sessionId, isTyping: true })
    await call(agent, 'pushUrl', { sessionId, url: 'https://example.com/help' })
    const events = transcript(kit.engine, sessionId, 'customer')
    expect(events.slice(-2)).toMatchObject([
      { type: 'notice', noticeType: 'TYPING_STARTED' },
      { type: 'notice', noticeType: 'USER_PUSHED_URL', text: 'https://example.com/help' },
    ])
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', '/relative']) {
      const error = await refused(agent, 'pushUrl', { sessionId, url })
      expect(error).toMatchObject({ code: 'invalid-params', field: 'url' })
    }
  })

  it('leaves, then can no longer act in the session but still reads it', async () => {
    const kit = createConsoleKit()
    const { sessionId } = await startChat(kit.engine)
    const agent = await kit.window('agent1')
    await call(agent, 'accept', { sessionId })
    await call(agent, 'leave', { sessionId })
    expect((await refused(agent, 'sendMessage', { sessionId, text: 'hi' })).code).toBe(
      'not-in-session',
    )
    const page = await call(agent, 'readTranscript', { sessionId })
    expect(last(page.events)).toMatchObject({ type: 'party-left' })
  })

  it('closes the session for everyone; later calls get session-closed', async () => {
    const kit = createConsoleKit()
    const { sessionId } = await startChat(kit.engine)
    const agent = await kit.window('agent1')
    await call(agent, 'accept', { sessionId })
    await call(agent, 'closeSession', { sessionId })
    expect(kit.engine.getSession(sessionId, 'agent')?.state).toBe('closed')
    const error = await refused(agent, 'sendMessage', { sessionId, text: 'too late' })
    expect(error.code).toBe('session-closed')
    expect(error.message).toContain('closed')
  })

  it('reports only the event ids its role may see when closing a monitored session', async () => {
    const kit = createConsoleKit()
    const { sessionId } = await startChat(kit.engine)
    const agent = await kit.window('agent1')
    const supervisor = await kit.window('supervisor1')
    await call(agent, 'accept', { sessionId })
    await call(supervisor, 'join', { sessionId, mode: 'monitor' })
    const { eventIds } = await call(agent, 'closeSession', { sessionId })
    const agentIds = transcript(kit.engine, sessionId, 'agent').map((event) => event.eventId)
    const vipIds = transcript(kit.engine, sessionId, 'supervisor')
      .filter((event) => event.visibility === 'VIP')
      .map((event) => event.eventId)
    // The monitoring supervisor's join and its removal at close are VIP.
    expect(vipIds).toHaveLength(2)
    // The agent knows the close's events by its own numbering: the newest of its view, no gap.
    expect(eventIds.length).toBeGreaterThan(0)
    expect(agentIds).toEqual(Array.from({ length: agentIds.length }, (_, index) => index + 1))
    expect(eventIds).toEqual(agentIds.slice(-eventIds.length))
  })
})

describe('transcript paging', () => {
  it('refuses pages over 500 events, naming limit', async () => {
    const kit = createConsoleKit()
    const { sessionId } = await startChat(kit.engine)
    const agent = await kit.window('agent1')
    const error = await refused(agent, 'readTranscript', { sessionId, limit: 501 })
    expect(error).toMatchObject({ code: 'invalid-params', field: 'limit' })
    expect((await refused(agent, 'readTranscript', { sessionId, limit: 0 })).field).toBe('limit')
    expect((await refused(agent, 'compareViews', { sessionId, limit: 501 })).code).toBe('forbidden')
    const supervisor = await kit.window('supervisor1')
    expect((await refused(supervisor, 'compareViews', { sessionId, limit: 501 })).field).toBe(
      'limit',
    )
  })

  it('reads forward and backward in pages, with hasMore, never whole', async () => {
    const kit = createConsoleKit()
    const { sessionId } = await startChat(kit.engine)
    const agent = await kit.window('agent1')
    await call(agent, 'accept', { sessionId })
    for (let index = 1; index <= 120; index += 1) {
      await call(agent, 'sendMessage', { sessionId, text: `message ${index}` })
    }
    const first = await call(agent, 'readTranscript', { sessionId })
    expect(first.events).toHaveLength(100)
    expect(first.hasMore).toBe(true)
    const next = await call(agent, 'readTranscript', {
      sessionId,
      afterEventId: first.events.at(-1)!.eventId,
      limit: 500,
    })
    expect(next.hasMore).toBe(false)
    expect(next.events).toHaveLength(122 - 100)
    const { session } = await call(agent, 'getSession', { sessionId })
    const newest = await call(agent, 'readTranscript', {
      sessionId,
      beforeEventId: session.lastEventId + 1,
      limit: 5,
    })
    expect(newest.events.map((event) => (event.type === 'message' ? event.text : ''))).toEqual([
      'message 116',
      'message 117',
      'message 118',
      'message 119',
      'message 120',
    ])
    expect(newest.hasMore).toBe(true)
  })
})
