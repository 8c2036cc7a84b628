/**
 * A turn-by-turn bot: greets, then answers each thing the customer writes until they ask for an
 * agent or the chat closes, and asks whether they are still there after two silent minutes. It
 * reads the chat through its event feed (`events`), which waits on the clock: in the harness,
 * the two minutes are virtual. Attach it in a configuration file:
 *
 *   strategies:
 *     gms_builtin: strategies/reply-to-customer.ts
 */
import type { Strategy } from '../../src-main/harness/strategy-api'

/** How long a silence lasts before the bot asks whether the customer is still there. */
const SILENCE_MS = 120_000

const replyToCustomer: Strategy = async (_interaction, { esp, events, log }) => {
  await esp.message('Hello! Type "agent" to talk to a person, or ask about opening hours.')
  for (;;) {
    const said = await events.next({ type: 'message', from: 'CLIENT' }, { timeout: SILENCE_MS })
    if (said === undefined) {
      // Either the silence lasted, or the chat closed: nothing more will come then.
      if (events.all.some((event) => event.type === 'closed')) return
      await esp.message('Are you still there?')
      continue
    }
    log(`customer said: ${said.text}`)
    if (/agent/i.test(said.text)) {
      await esp.message('Connecting you to an agent.')
      return
    }
    if (/hours|open/i.test(said.text)) {
      await esp.message('We are open 9:00 to 17:00, Monday to Friday.')
    } else {
      await esp.message('Sorry, I did not get that. Type "agent" for a person.')
    }
  }
}

export default replyToCustomer
