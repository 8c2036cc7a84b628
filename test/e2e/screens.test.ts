import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { screenshot, seriousAccessibilityViolations } from './helpers/browser'
import { ConsoleApiClient } from './helpers/console-client'
import {
  openConsole,
  openFromSessionList,
  sessionRow,
  transcriptItem,
  type ConsoleWindow,
} from './helpers/console-page'
import { espRequest } from './helpers/esp-client'
import { GmsCustomer } from './helpers/gms-customer'
import { startSwitchboardAndChromium, type RunningSwitchboard } from './helpers/switchboard'

let server: RunningSwitchboard
let browser: Browser
let window: ConsoleWindow | undefined
/** The chat agent1 has accepted, with a little of everything in its transcript. */
let chatId: string
const LAST_LINE = 'Anything else I can do for you today?'

/** Customers waiting in three languages, and one chat with messages, a note, a link and a hint. */
beforeAll(async () => {
  ;[server, browser] = await startSwitchboardAndChromium()
  const chat = await GmsCustomer.start(server.gmsUrl, {
    firstName: 'Marie',
    lastName: 'Dupont',
    subject: 'Problème de facture',
  })
  chatId = chat.sessionId
  for (const [firstName, lastName, language, subject] of [
    ['Jonas', 'Becker', 'de-DE', 'Lieferung'],
    ['Lucía', 'García', 'es-ES', 'Pedido'],
    ['Bob', 'Smith', 'en-US', 'Password reset'],
  ] as const) {
    await GmsCustomer.start(server.gmsUrl, {
      firstName,
      lastName,
      subject,
      GCTI_LanguageCode: language,
    })
  }
  const agent = await ConsoleApiClient.signedIn(server.consoleUrl, 'agent1')
  await agent.call('accept', { sessionId: chatId })
  await chat.send('Bonjour, my invoice shows the wrong amount.')
  await agent.call('sendMessage', { sessionId: chatId, text: 'Hello Marie, let me check that.' })
  await agent.call('sendNote', { sessionId: chatId, text: 'Invoice 2231 was billed twice.' })
  await espRequest(server.espUrl, 'Message', chatId, {
    MessageText: 'Customer is eligible for a goodwill credit.',
    Nickname: 'workflow',
    Visibility: 'VIP',
  })
  await agent.call('pushUrl', { sessionId: chatId, url: 'https://example.com/help/invoices' })
  await agent.call('sendMessage', { sessionId: chatId, text: LAST_LINE })
  agent.close()
})

afterEach(async () => {
  // A screen that renders while throwing is not a screen that works.
  const pageErrors = window?.pageErrors ?? []
  await window?.context.close()
  window = undefined
  expect(pageErrors).toEqual([])
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** Saves the screen as an artifact and asserts axe finds nothing serious or critical on it. */
async function checkScreen(page: Page, name: string): Promise<void> {
  await screenshot(page, name)
  const violations = await seriousAccessibilityViolations(page)
  const summary = violations.map(({ id, impact, help, nodes }) => ({
    id,
    impact,
    help,
    targets: nodes.map((node) => node.target.join(' ')),
  }))
  expect(summary, `axe on ${name}`).toEqual([])
}

async function useDarkTheme(page: Page): Promise<void> {
  await page.getByTestId('theme-toggle').selectOption('dark')
  await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached' })
}

describe('the main screens', () => {
  it('sign-in reads well in both themes', async () => {
    window = await openConsole(browser, server.consoleUrl, null, { colorScheme: 'light' })
    await window.page.locator('html[data-theme="light"]').waitFor({ state: 'attached' })
    await checkScreen(window.page, 'sign-in')
    expect(window.pageErrors).toEqual([])
    await window.context.close()
    window = await openConsole(browser, server.consoleUrl, null, { colorScheme: 'dark' })
    await window.page.locator('html[data-theme="dark"]').waitFor({ state: 'attached' })
    await checkScreen(window.page, 'sign-in-dark')
  })

  it('agent queue and agent chat read well in both themes', async () => {
    window = await openConsole(browser, server.consoleUrl, 'agent1')
    const { page } = window
    await page.getByTestId('queue-item').nth(2).waitFor()
    await sessionRow(page, 'session-item', chatId).waitFor()
    await checkScreen(page, 'agent-queue')

    await sessionRow(page, 'session-item', chatId).locator('button[data-nav-item]').click()
    await transcriptItem(page, LAST_LINE).waitFor()
    await checkScreen(page, 'agent-chat')
    await useDarkTheme(page)
    await checkScreen(page, 'agent-chat-dark')
  })

  it('supervisor list, chat with the idle editor, and views read well in both themes', async () => {
    window = await openConsole(browser, server.consoleUrl, 'supervisor1')
    const { page } = window
    await page.getByTestId('session-item').nth(3).waitFor()
    await checkScreen(page, 'supervisor-list')

    await openFromSessionList(page, chatId)
    await page.getByTestId('join-coach').click()
    await page.getByTestId('mode-coach').waitFor()
    await transcriptItem(page, 'is coaching').waitFor()
    await page.getByTestId('idle-editor').scrollIntoViewIfNeeded()
    await checkScreen(page, 'supervisor-chat')

    await page.getByTestId('tab-views').click()
    await page.getByTestId('views-column-customer').getByTestId('views-item').first().waitFor()
    await checkScreen(page, 'views')

    await useDarkTheme(page)
    await checkScreen(page, 'views-dark')
    await page.getByTestId('tab-chat').click()
    await transcriptItem(page, LAST_LINE).waitFor()
    await checkScreen(page, 'supervisor-chat-dark')
  })
})
