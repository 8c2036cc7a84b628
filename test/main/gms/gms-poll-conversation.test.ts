import { describe, expect, it } from 'vitest'
import { seconds } from '../../helpers/engine'
import { entriesOf, startGmsKit, type ChatAnswer, type GmsKit } from './gms-test-kit'

/**
 * One chat from the customer's side by polling, while a strategy, an agent and hidden (INT, VIP)
 * traffic act on the session through the engine.
 */
async function runConversation(kit: GmsKit) {
  const { engine } = kit
  const { serviceId, chat } = await kit.startChat({ firstName: 'Ann', lastName: 'Lee' })
  const sessionId = chat.chatSessionId

  await kit.advance(seconds(2))
  await engine.sendAsExternal(sessionId, {
    nickname: 'system',
    visibility: 'ALL',
    content: { kind: 'message', text: 'An agent will be with you shortly' },
  })
  await kit.advance(seconds(1))
  await engine.sendAsExternal(sessionId, {
    nickname: 'router',
    visibility: 'INT',
    content: { kind: 'message', text: 'routing to sales' },
  })
  await engine.sendAsExternal(sessionId, {
    nickname: 'audit',
    visibility: 'VIP',
    content: { kind: 'message', text: 'customer flagged' },
  })
  await kit.advance(seconds(4))
  const { partyId: agentId } = await engine.joinAgent(sessionId, {
    userId: 'agent1',
    nickname: 'Alex',
  })
  await kit.advance(seconds(1))
  await engine.send(sessionId, {
    partyId: agentId,
    content: { kind: 'message', text: 'Hello Ann' },
  })
  await engine.send(sessionId, {
    partyId: agentId,
    visibility: 'INT',
    content: { kind: 'message', text: 'looks like a billing question' },
  })
  await kit.advance(seconds(2))
  const typing = await kit.chatCall(serviceId, 'startTyping')
  const sent = await kit.chatCall(serviceId, 'send', { message: 'Hi! My bill is wrong.' })
  await kit.advance(seconds(3))
  await engine.send(sessionId, {
    partyId: agentId,
    content: { kind: 'notice', noticeType: 'USER_PUSHED_URL', text: 'https://example.com/bills' },
  })
  return { serviceId, sessionId, agentId, first: chat, typing, sent }
}

const EXPECTED_TRANSCRIPT = [
  ['Notice.Joined', 'Ann Lee', 'has joined the session', '0', 'CLIENT'],
  ['Notice.Joined', 'system', 'has joined the session', '2', 'EXTERNAL'],
  ['Message.Text', 'system', 'An agent will be with you shortly', '2', 'EXTERNAL'],
  ['Notice.Joined', 'Alex', 'has joined the session', '7', 'AGENT'],
  ['Message.Text', 'Alex', 'Hello Ann', '8', 'AGENT'],
  ['Notice.TypingStarted', 'Ann Lee', '', '10', 'CLIENT'],
  ['Message.Text', 'Ann Lee', 'Hi! My bill is wrong.', '10', 'CLIENT'],
  ['Notice.PushUrl', 'Alex', 'https://example.com/bills', '13', 'AGENT'],
]

describe('GMS poll conversation', () => {
  it('shows the customer exactly the ALL entries, in order, with names, types and offsets', async () => {
    const kit = await startGmsKit()
    const { serviceId, first } = await runConversation(kit)

    expect(first).toMatchObject({
      chatIxnState: 'TRANSCRIPT',
      transcriptPosition: 2,
      chatServiceMessage: 'Chat service is available',
      startedAt: '2026-01-01T09:00:00Z',
    })
    expect(first.transcriptToShow).toEqual([EXPECTED_TRANSCRIPT[0]])

    const refreshed = await kit.chatCall(serviceId, 'refresh')
    expect(refreshed.status).toBe(200)
    expect(refreshed.body.transcriptToShow).toEqual(EXPECTED_TRANSCRIPT)
    expect(refreshed.body.transcriptPosition).toBe(EXPECTED_TRANSCRIPT.length + 1)
    expect(JSON.stringify(refreshed.body)).not.toMatch(/routing|flagged|billing question|router/)
    expect(kit.loggedErrors).toEqual([])
  })

  it('answers a refresh from each position with exactly the rest', async () => {
    const kit = await startGmsKit()
    const { serviceId } = await runConversation(kit)
    const next = EXPECTED_TRANSCRIPT.length + 1
    for (let position = 1; position <= next + 1; position += 1) {
      const answer = await kit.chatCall(serviceId, 'refresh', {
        transcriptPosition: String(position),
      })
      expect(answer.body.transcriptToShow).toEqual(EXPECTED_TRANSCRIPT.slice(position - 1))
      expect(answer.body.transcriptPosition).toBe(next)
    }
  })

  it('answers send and typing with no entries and the next position unless one is given', async () => {
    const kit = await startGmsKit()
    const { typing, sent, serviceId } = await runConversation(kit)
    expect(typing.body).toMatchObject({ transcriptToShow: [], transcriptPosition: 7 })
    expect(sent.body).toMatchObject({ transcriptToShow: [], transcriptPosition: 8 })

    const withPosition = await kit.chatCall(serviceId, 'stopTyping', {
      transcriptPosition: '8',
      message: 'ignored text',
    })
    expect(entriesOf(withPosition.body)).toEqual([
      ['Notice.PushUrl', 'Alex', 'https://example.com/bills', 'AGENT'],
      ['Notice.TypingStopped', 'Ann Lee', 'ignored text', 'CLIENT'],
    ])
    expect(withPosition.body.transcriptPosition).toBe(10)
  })

  it('sends the message of a refresh first, then shows the transcript from the position', async () => {
    const kit = await startGmsKit()
    const { serviceId } = await kit.startChat()
    const answer = await kit.chatCall(serviceId, 'refresh', {
      message: 'anyone there?',
      transcriptPosition: '2',
    })
    expect(entriesOf(answer.body)).toEqual([['Message.Text', 'Ann Lee', 'anyone there?', 'CLIENT']])
    const blank = await kit.chatCall(serviceId, 'refresh', { message: '', transcriptPosition: '3' })
    expect(blank.body).toMatchObject({ transcriptToShow: [], transcriptPosition: 3 })
  })

  it('shows idle alerts and close as messages of the SYSTEM party, then the session end', async () => {
    const kit = await startGmsKit()
    const { serviceId, chat } = await kit.startChat()
    const sessionId = chat.chatSessionId
    await kit.engine.configureIdle(sessionId, {
      change: { resetParameters: false, changes: { enabled: true, timeoutAlert: 30 } },
      by: 'test',
    })
    await kit.engine.joinAgent(sessionId, { userId: 'agent1', nickname: 'Alex' })
    // The customer's client keeps polling (no events): only session inactivity ends this chat.
    await kit.advance(seconds(30))
    await kit.chatCall(serviceId, 'refresh')
    await kit.advance(seconds(20))
    await kit.chatCall(serviceId, 'refresh')
    await kit.advance(seconds(25))
    const answer = await kit.chatCall(serviceId, 'refresh', { transcriptPosition: '3' })
    const body: ChatAnswer = answer.body
    expect(body.chatIxnState).toBe('DISCONNECTED')
    expect(entriesOf(body)).toEqual([
      ['Message.Text', 'system', 'App alert: closing soon', 'EXTERNAL'],
      ['Message.Text', 'system', 'App close: closed for inactivity', 'EXTERNAL'],
      ['Notice.Left', 'Ann Lee', 'has left the session', 'CLIENT'],
      ['Notice.Left', 'Alex', 'has left the session', 'AGENT'],
      ['Notice.Left', 'system', 'has left the session', 'EXTERNAL'],
    ])
  })
})
