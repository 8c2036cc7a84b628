import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  attribute,
  openConsole,
  sendFromComposer,
  sessionRow,
  transcriptItem,
  type ConsoleWindow,
} from './helpers/console-page'
import { GmsCustomer } from './helpers/gms-customer'
import { startSwitchboardAndChromium, type RunningSwitchboard } from './helpers/switchboard'

const WAIT_TIME = /^waiting \d+:\d\d$/

let server: RunningSwitchboard
let browser: Browser
let agent: ConsoleWindow | undefined

beforeAll(async () => {
  ;[server, browser] = await startSwitchboardAndChromium()
})

afterEach(async () => {
  const pageErrors = agent?.pageErrors ?? []
  await agent?.context.close()
  agent = undefined
  expect(pageErrors).toEqual([])
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** Accepts a queued chat from the queue and waits until it is the agent's open, active chat. */
async function acceptFromQueue(window: ConsoleWindow, sessionId: string): Promise<void> {
  const { page } = window
  await sessionRow(page, 'queue-item', sessionId).getByTestId('accept-button').click()
  await sessionRow(page, 'session-item', sessionId).waitFor()
  await page.locator('[data-testid="session-state"][data-state="active"]').waitFor()
  await page.locator('[data-testid="composer-input"]:not([disabled])').waitFor()
}

describe('an agent chatting with a customer', () => {
  it('sees a GMS customer queue with a ticking wait time, accepts, and both sides read each other', async () => {
    const customer = await GmsCustomer.start(server.gmsUrl, {
      firstName: 'Ann',
      lastName: 'Direct',
      subject: 'Billing question',
    })
    agent = await openConsole(browser, server.consoleUrl, 'agent1')
    const { page } = agent

    const waitTime = sessionRow(page, 'queue-item', customer.sessionId).getByTestId('wait-time')
    const firstReading = (await waitTime.textContent())?.trim() ?? ''
    expect(firstReading).toMatch(WAIT_TIME)
    // The wait time ticks on the server's clock: the next reading differs within about a second.
    await page.waitForFunction(
      ({ sessionId, before }) =>
        document
          .querySelector(
            `[data-testid="queue-item"][data-session-id="${sessionId}"] [data-testid="wait-time"]`,
          )
          ?.textContent?.trim() !== before,
      { sessionId: customer.sessionId, before: firstReading },
    )
    expect((await waitTime.textContent())?.trim()).toMatch(WAIT_TIME)

    await acceptFromQueue(agent, customer.sessionId)
    await sendFromComposer(page, 'message', 'Hello Ann, Alex here. How can I help?')

    // The agent's message was committed before the page showed it, so one refresh must carry it.
    const shown = await customer.refresh()
    expect(shown).toContainEqual([
      'Message.Text',
      'Alex Agent',
      'Hello Ann, Alex here. How can I help?',
      expect.any(String),
      'AGENT',
    ])

    await customer.send('My last invoice is wrong.')
    const reply = transcriptItem(page, 'My last invoice is wrong.')
    await reply.waitFor()
    expect(await reply.textContent()).toContain('Ann Direct')
    expect(await attribute(reply, 'data-visibility')).toBe('ALL')
  })

  it('starts a customer from the test-customer panel, and the panel shows the agent’s reply', async () => {
    agent = await openConsole(browser, server.consoleUrl, 'agent1')
    const { page } = agent
    await page.getByTestId('test-customer-first-name').fill('Zoe')
    await page.getByTestId('test-customer-last-name').fill('Tester')
    await page.getByTestId('test-customer-subject').fill('Refund')
    await page.getByTestId('test-customer-start').click()
    await page.locator('[data-testid="test-customer-state"][data-state="TRANSCRIPT"]').waitFor()
    const sessionId = await attribute(
      page.getByTestId('test-customer-open-session'),
      'data-session-id',
    )

    const queued = sessionRow(page, 'queue-item', sessionId)
    expect((await queued.getByTestId('wait-time').textContent())?.trim()).toMatch(WAIT_TIME)
    expect(await queued.textContent()).toContain('Refund')

    await acceptFromQueue(agent, sessionId)
    await sendFromComposer(page, 'message', 'Hi Zoe, I can help with that.')
    // The panel polls GMS every 2 s: the entry shows within one poll.
    await page
      .getByTestId('test-customer-entry')
      .filter({ hasText: 'Hi Zoe, I can help with that.' })
      .waitFor()

    await page.getByTestId('test-customer-message').fill('Thanks, order 4711.')
    await page.getByTestId('test-customer-send').click()
    const reply = transcriptItem(page, 'Thanks, order 4711.')
    await reply.waitFor()
    expect(await reply.textContent()).toContain('Zoe Tester')
  })
})
