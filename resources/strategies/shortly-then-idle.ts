/**
 * Tells the customer an agent will be with them shortly, then sets the chat's idle control: the
 * timers only start once an agent has joined (docs/sessions.md), so a customer waiting in the queue
 * is never closed for inactivity. A minute later, if the chat is still waiting, it thanks the
 * customer for their patience: strategies may sleep on the clock, which the harness makes virtual.
 */
import type { Strategy } from '../../src-main/harness/strategy-api'

/** How long to wait before the reminder. */
const REMINDER_AFTER_MS = 60_000

const shortlyThenIdle: Strategy = async (_interaction, { esp, clock, currentUserData }) => {
  await esp.message('An agent will be with you shortly')
  await esp.idleControl({
    enabled: true,
    'include-notices': 'major',
    'timeout-alert': 120,
    'timeout-alert2': 60,
    'timeout-close': 30,
  })
  await clock.sleep(REMINDER_AFTER_MS)
  // The chat may have closed while we slept: ESP would answer `session-closed`.
  if (currentUserData().IsOnline !== '1') return
  const answer = await esp.request('Message', {
    MessageText: 'Thank you for your patience, you are next in line',
  })
  if (answer.event === 'Event3rdServerFault' && answer.fault.code !== 'session-closed') {
    throw new Error(`the reminder was refused: ${answer.fault.text}`)
  }
}

export default shortlyThenIdle
