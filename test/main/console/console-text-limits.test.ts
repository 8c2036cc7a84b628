/**
 * docs/console-api.md and docs/limits.md: console texts are 1-16384 characters counted as code points
 * (an emoji is one), and idle texts have a message's cap; the error gives the count the user sees.
 */
import { describe, expect, it } from 'vitest'
import { startChat } from '../../helpers/engine'
import { call, createConsoleKit, refused } from './console-fixture'

const EMOJI = '😀'

describe('console texts counted in characters', () => {
  it.each(['sendMessage', 'sendNote'] as const)(
    '%s takes 16384 emoji and refuses 16385 with that count',
    async (method) => {
      const kit = createConsoleKit()
      const { sessionId } = await startChat(kit.engine)
      const agent = await kit.window('agent1')
      await call(agent, 'accept', { sessionId })

      await call(agent, method, { sessionId, text: EMOJI.repeat(16384) })
      const last = kit.engine.readTranscript(sessionId, 'agent').events.at(-1)
      expect(last).toMatchObject({ type: 'message', text: EMOJI.repeat(16384) })

      const error = await refused(agent, method, { sessionId, text: EMOJI.repeat(16385) })
      expect(error).toMatchObject({ code: 'invalid-params', field: 'text' })
      expect(error.message).toContain('must be at most 16384 characters (got 16385)')
    },
  )

  it('refuses an idle text over 16384 characters, naming it', async () => {
    const kit = createConsoleKit()
    const { sessionId } = await startChat(kit.engine)
    const supervisor = await kit.window('supervisor1')

    const settings = { 'message-alert': 'a'.repeat(16385) }
    const error = await refused(supervisor, 'configureIdle', { sessionId, settings })

    expect(error.message).toContain('at most 16384 characters (got 16385)')
    await call(supervisor, 'configureIdle', {
      sessionId,
      settings: { 'message-alert': EMOJI.repeat(16384) },
    })
  })
})
