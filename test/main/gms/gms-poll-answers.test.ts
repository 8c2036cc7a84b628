import { describe, expect, it, vi } from 'vitest'
import { MAX_KEPT_ANSWER_LENGTH } from '../../../src-main/gms/poll-answers'
import { DEFAULT_SERVICES, startGmsKit, type GmsKit } from './gms-test-kit'

/** Polls are served from the answer kept since the customer's view last changed (poll-answers.ts). */

async function startPolling(kit: GmsKit) {
  const { serviceId, chat } = await kit.startChat()
  const poll = (form: Record<string, string> = {}) =>
    kit.chatCall(serviceId, 'refresh', { transcriptPosition: '1', ...form })
  return { serviceId, sessionId: chat.chatSessionId, poll }
}

async function closeByAgent(kit: GmsKit, sessionId: string) {
  const { partyId } = await kit.engine.joinAgent(sessionId, { userId: 'agent1', nickname: 'Alex' })
  await kit.engine.closeSession(sessionId, partyId)
}

function systemMessage(
  kit: GmsKit,
  sessionId: string,
  visibility: 'ALL' | 'INT' | 'VIP',
  text: string,
) {
  return kit.engine.sendAsExternal(sessionId, {
    nickname: 'system',
    visibility,
    content: { kind: 'message', text },
  })
}

describe('GMS poll answers', () => {
  it('answers a repeated poll without reading the session again, in the same JSON', async () => {
    const kit = await startGmsKit()
    const { poll } = await startPolling(kit)
    const first = await poll()
    const reads = vi.spyOn(kit.engine, 'getSession')
    const again = await poll()
    expect(reads).not.toHaveBeenCalled()
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first.body)
    expect(again.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(again.headers.get('cache-control')).toBe('no-cache, no-store')
    expect(again.headers.get('content-length')).toBe(
      String(Buffer.byteLength(JSON.stringify(again.body))),
    )
  })

  it('shows what the customer may see as soon as it happens, and nothing hidden', async () => {
    const kit = await startGmsKit()
    const { sessionId, poll } = await startPolling(kit)
    const before = await poll()
    await systemMessage(kit, sessionId, 'ALL', 'An agent will be with you shortly')
    const after = await poll()
    expect(after.body.transcriptPosition).toBe(before.body.transcriptPosition + 2)
    expect(after.body.transcriptToShow.at(-1)?.[2]).toBe('An agent will be with you shortly')

    await systemMessage(kit, sessionId, 'INT', 'routing to sales')
    await systemMessage(kit, sessionId, 'VIP', 'customer flagged')
    expect((await poll()).body).toEqual(after.body)

    await closeByAgent(kit, sessionId)
    const closed = await poll()
    expect(closed.body.chatIxnState).toBe('DISCONNECTED')
    expect(closed.body.transcriptToShow.map((entry) => entry[0])).toContain('Notice.Left')
  })

  it('keeps plain and verbose polls apart', async () => {
    const kit = await startGmsKit()
    const { poll } = await startPolling(kit)
    const verbose = await poll({ _verbose: 'true' })
    const plain = await poll()
    const verboseAgain = await poll({ _verbose: 'true' })
    expect(verbose.body.secureKey).toEqual(expect.any(String))
    expect(plain.body).not.toHaveProperty('secureKey')
    expect(verboseAgain.body).toEqual(verbose.body)
    const fromEnd = await poll({ transcriptPosition: String(plain.body.transcriptPosition) })
    expect(fromEnd.body.transcriptToShow).toEqual([])
  })

  it('still refuses a finished chat with 400 where the service says so, every time', async () => {
    const kit = await startGmsKit({
      services: {
        'request-chat': { ...DEFAULT_SERVICES['request-chat']!, chat400OnDisconnected: true },
      },
    })
    const { sessionId, poll } = await startPolling(kit)
    expect((await poll()).status).toBe(200)
    await closeByAgent(kit, sessionId)
    for (let i = 0; i < 2; i++) {
      const refused = await poll()
      expect(refused.status).toBe(400)
      expect(refused.body).toMatchObject({ exception: 'ChatDisconnected' })
    }
  })

  it('does not keep a long answer: a whole transcript is built anew on each poll', async () => {
    const kit = await startGmsKit()
    const { sessionId, poll } = await startPolling(kit)
    const line = 'x'.repeat(200)
    for (let i = 0; i * line.length <= MAX_KEPT_ANSWER_LENGTH; i++) {
      await systemMessage(kit, sessionId, 'ALL', line)
    }
    const first = await poll()
    expect(JSON.stringify(first.body).length).toBeGreaterThan(MAX_KEPT_ANSWER_LENGTH)
    const reads = vi.spyOn(kit.engine, 'getSession')
    expect((await poll()).body).toEqual(first.body)
    expect(reads).toHaveBeenCalled()
  })
})
