/**
 * The strategy developer's console tools: `espSend` through the real ESP endpoint, and the idle
 * timeline, each within the caller's role.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ConsoleService } from '../../../src-main/console/console-service'
import type { ConsoleSession } from '../../../src-main/console/console-session'
import { startEspServer, type EspTestServer } from '../esp/esp-test-kit'
import { seconds, startActiveChat, startChat } from '../../helpers/engine'
import { call, refused, USERS } from './console-fixture'

const servers: EspTestServer[] = []
const windows: ConsoleSession[] = []

afterEach(async () => {
  await Promise.all(windows.splice(0).map((window) => window.close()))
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function setUp(options: { espUrl?: boolean } = {}) {
  const server = await startEspServer({ engine: { idle: { timeoutAlert: 60 } } })
  servers.push(server)
  const service = new ConsoleService({
    engine: server.engine,
    users: USERS,
    clock: server.kit.clock,
    ...(options.espUrl === false ? {} : { espUrl: server.listener.url }),
  })
  const window = async (userId: string) => {
    const opened = service.openSession()
    windows.push(opened)
    await call(opened, 'signIn', { userId })
    return opened
  }
  return { server, window }
}

describe('espSend', () => {
  it("sends through the ESP endpoint and shows ESP's response", async () => {
    const { server, window } = await setUp()
    const { sessionId } = await startChat(server.engine, { Subject: 'Billing' })
    const supervisor = await window('supervisor1')

    const sent = await call(supervisor, 'espSend', {
      sessionId,
      method: 'Message',
      parameters: { MessageText: 'Hello from the composer', Visibility: 'INT' },
    })

    expect(sent.answer).toMatchObject({
      event: 'Event3rdServerResponse',
      result: { sessionId, eventIds: [2, 3] },
      ignoredParameters: [],
    })
    expect(sent.request).toMatchObject({
      service: 'Chat',
      method: 'Message',
      interactionId: sessionId,
    })
    expect(sent.request.userData).toMatchObject({ Subject: 'Billing', IsOnline: '1' })
    const last = server.engine.readTranscript(sessionId, 'agent').events.at(-1)
    expect(last).toMatchObject({
      type: 'message',
      text: 'Hello from the composer',
      visibility: 'INT',
    })
  })

  it("shows ESP's fault, with the parameter at fault, and changes nothing", async () => {
    const { server, window } = await setUp()
    const { sessionId } = await startChat(server.engine)
    const supervisor = await window('supervisor1')

    const sent = await call(supervisor, 'espSend', {
      sessionId,
      method: 'IdleControlConfigure',
      parameters: { 'timeout-alert': 0, 'timout-close': 5 },
    })

    expect(sent.answer).toMatchObject({
      event: 'Event3rdServerFault',
      fault: { code: 'invalid-parameter', parameter: 'timeout-alert' },
      ignoredParameters: ['timout-close'],
    })
    expect(server.engine.readTranscript(sessionId, 'supervisor').events).toHaveLength(1)
  })

  it('refuses an agent a session outside its reach, and says when there is no ESP', async () => {
    const { server, window } = await setUp()
    const { sessionId } = await startActiveChat(server.engine)
    const otherAgent = await window('agent2')
    const params = { sessionId, method: 'Message', parameters: { MessageText: 'x' } }

    expect(await refused(otherAgent, 'espSend', params)).toMatchObject({ code: 'forbidden' })

    const withoutEsp = await setUp({ espUrl: false })
    const { sessionId: queued } = await startChat(withoutEsp.server.engine)
    const supervisor = await withoutEsp.window('supervisor1')
    const error = await refused(supervisor, 'espSend', { ...params, sessionId: queued })
    expect(error).toMatchObject({ code: 'esp-unavailable' })
  })

  it('checks its params like every method', async () => {
    const { window } = await setUp()
    const supervisor = await window('supervisor1')

    const error = await refused(supervisor, 'espSend', { sessionId: 'short', method: 'Message' })

    expect(error).toMatchObject({ code: 'invalid-params', field: 'sessionId' })
  })
})

describe("espSend: an agent's composer sends only what the agent may do itself", () => {
  const FORBIDDEN: [string, string, Record<string, string | number>, string][] = [
    ['the idle settings', 'IdleControlConfigure', { 'timeout-close': 1 }, 'method'],
    ['a language switch', 'ConfigureSession', { GCTI_LanguageCode: 'fr-FR' }, 'method'],
    ['a VIP message', 'Message', { MessageText: 'psst', Visibility: 'VIP' }, 'Visibility'],
    [
      'a VIP message spelt vip',
      'Message',
      { MessageText: 'psst', Visibility: 'vip' },
      'Visibility',
    ],
    [
      'a VIP notice',
      'Notice',
      { NoticeType: 'USER_PUSHED_URL', NoticeText: 'https://x.example', Visibility: 'VIP' },
      'Visibility',
    ],
    [
      "a supervisor's name",
      'Message',
      { MessageText: 'hi', Nickname: 'Sam Supervisor' },
      'Nickname',
    ],
    [
      "a colleague's name, spelt loosely",
      'Message',
      { MessageText: 'hi', Nickname: '  bea   AGENT ' },
      'Nickname',
    ],
    [
      "the agent's own name",
      'Notice',
      { NoticeType: 'USER_CUSTOM', Nickname: 'Alex Agent' },
      'Nickname',
    ],
  ]

  it.each(FORBIDDEN)(
    'refuses %s with forbidden and sends nothing',
    async (_what, method, parameters, field) => {
      const { server, window } = await setUp()
      const { sessionId } = await startChat(server.engine)
      const agent = await window('agent1')
      const before = server.engine.readTranscript(sessionId, 'supervisor').events
      const settingsBefore = server.engine.readIdleTimeline(sessionId, 'supervisor')?.settings

      const error = await refused(agent, 'espSend', { sessionId, method, parameters })

      expect(error).toMatchObject({ code: 'forbidden', field })
      expect(server.engine.readTranscript(sessionId, 'supervisor').events).toEqual(before)
      expect(server.engine.readIdleTimeline(sessionId, 'supervisor')?.settings).toEqual(
        settingsBefore,
      )
    },
  )

  it('lets an agent post ALL and INT messages and notices under a workflow nickname', async () => {
    const { server, window } = await setUp()
    const { sessionId } = await startChat(server.engine)
    const agent = await window('agent1')
    const requests: { method: string; parameters: Record<string, string> }[] = [
      { method: 'Message', parameters: { MessageText: 'Hello', Nickname: 'greeter' } },
      { method: 'Message', parameters: { MessageText: 'note', Visibility: 'INT' } },
      {
        method: 'Notice',
        parameters: {
          NoticeType: 'USER_PUSHED_URL',
          NoticeText: 'https://x.example',
          Visibility: 'ALL',
        },
      },
    ]
    for (const request of requests) {
      const sent = await call(agent, 'espSend', { sessionId, ...request })
      expect(sent.answer.event).toBe('Event3rdServerResponse')
    }
  })

  it("still sends an unknown method, so that ESP's unknown-method fault shows", async () => {
    const { server, window } = await setUp()
    const { sessionId } = await startChat(server.engine)
    const agent = await window('agent1')

    const sent = await call(agent, 'espSend', { sessionId, method: 'Transfer', parameters: {} })

    expect(sent.answer).toMatchObject({ fault: { code: 'unknown-method' } })
  })

  it('lets a supervisor send every method, VIP and any nickname', async () => {
    const { server, window } = await setUp()
    const { sessionId } = await startChat(server.engine)
    const supervisor = await window('supervisor1')
    for (const [, method, parameters] of FORBIDDEN) {
      const sent = await call(supervisor, 'espSend', { sessionId, method, parameters })
      // 'vip' in lower case is ESP's own invalid-parameter fault, not a refusal by the console.
      if (parameters.Visibility === 'vip')
        expect(sent.answer).toMatchObject({ fault: { parameter: 'Visibility' } })
      else expect(sent.answer.event).toBe('Event3rdServerResponse')
    }
  })
})

describe('idleTimeline', () => {
  it('explains each reset and non-reset, with the phase, deadline and who changed settings', async () => {
    const { server, window } = await setUp()
    const { sessionId, customerPartyId } = await startActiveChat(server.engine)
    const supervisor = await window('supervisor1')
    await call(supervisor, 'configureIdle', { sessionId, settings: { 'timeout-alert': '90' } })
    await server.kit.advance(seconds(5))
    const typing = { kind: 'notice', noticeType: 'TYPING_STARTED', text: '' } as const
    await server.engine.send(sessionId, { partyId: customerPartyId, content: typing })

    const timeline = await call(supervisor, 'idleTimeline', { sessionId })

    expect(timeline.entries.map((entry) => entry.text).slice(-2)).toEqual([
      'Idle control changed by Sam Supervisor: timeout-alert 60 → 90',
      'typing ignored: include-notices=major',
    ])
    expect(timeline.lastSettingsChange).toMatchObject({ by: 'Sam Supervisor' })
    expect(timeline.status).toMatchObject({
      phase: 'alert',
      deadline: timeline.serverTime + seconds(85),
    })
    expect(timeline.settings.timeoutAlert).toBe(90)
  })

  it('gives an agent no entry of a VIP event, and refuses a session outside its reach', async () => {
    const { server, window } = await setUp()
    const { sessionId } = await startActiveChat(server.engine)
    await server.engine.sendAsExternal(sessionId, {
      nickname: 'crm',
      visibility: 'VIP',
      content: { kind: 'message', text: 'secret' },
    })
    const agent = await window('agent1')

    const timeline = await call(agent, 'idleTimeline', { sessionId })

    expect(timeline.entries.some((entry) => entry.visibility === 'VIP')).toBe(false)
    const other = await window('agent2')
    expect(await refused(other, 'idleTimeline', { sessionId })).toMatchObject({ code: 'forbidden' })
  })
})
