import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConsoleApiClient } from './helpers/console-client'
import {
  attribute,
  openConsole,
  openFromSessionList,
  transcriptItem,
  type ConsoleWindow,
} from './helpers/console-page'
import { GmsCustomer } from './helpers/gms-customer'
import { startSwitchboardAndChromium, type RunningSwitchboard } from './helpers/switchboard'

/** The shipped fr-FR and en-US `message-alert` of resources/default-config.yaml. */
const FRENCH_ALERT =
  "La session de chat sera bientôt fermée en raison de l'inactivité des participants."
const ENGLISH_ALERT = 'Chat session will be closed soon due to inactivity of chat participants.'

let server: RunningSwitchboard
let browser: Browser
let supervisor: ConsoleWindow

beforeAll(async () => {
  ;[server, browser] = await startSwitchboardAndChromium()
  supervisor = await openConsole(browser, server.consoleUrl, 'supervisor1')
})

/** A new GMS customer (English by default) whom agent1 accepted; supervisor1 has it open. */
async function englishChatOpen(): Promise<GmsCustomer> {
  const customer = await GmsCustomer.start(server.gmsUrl, { firstName: 'Ann', lastName: 'Martin' })
  const agent = await ConsoleApiClient.signedIn(server.consoleUrl, 'agent1')
  await agent.call('accept', { sessionId: customer.sessionId })
  agent.close()
  await openFromSessionList(supervisor.page, customer.sessionId)
  return customer
}

afterAll(async () => {
  const pageErrors = supervisor?.pageErrors ?? []
  await browser?.close()
  await server?.stop()
  expect(pageErrors).toEqual([])
})

describe('switching a chat’s language', () => {
  it('refuses an unknown language and keeps the current one', async () => {
    await englishChatOpen()
    const { page } = supervisor
    await page.getByTestId('language-select').selectOption('__other__')
    await page.getByTestId('language-other').fill('xx-XX')
    await page.getByTestId('language-apply').click()
    const error = page.getByTestId('language-error')
    await error.waitFor()
    expect(await attribute(error, 'data-field')).toBe('code')
    expect(await error.textContent()).toContain('xx-XX')
    const language = page.getByTestId('session-language')
    expect(await attribute(language, 'data-language-code')).toBe('en-US')
    expect((await language.textContent())?.trim()).toBe('English (en-US)')
  })

  it('shows the new language in the session header and writes the next idle alert in it', async () => {
    const customer = await englishChatOpen()
    const { page } = supervisor
    await page.getByTestId('language-select').selectOption('__other__')
    await page.getByTestId('language-other').fill('fr-FR')
    await page.getByTestId('language-apply').click()
    const language = page.locator('[data-testid="session-language"][data-language-code="fr-FR"]')
    await language.waitFor()
    expect((await language.textContent())?.trim()).toBe('Français (fr-FR)')
    expect(await page.getByTestId('language-current').textContent()).toContain('Français (fr-FR)')
    const notice = transcriptItem(page, 'Language set to Français')
    await notice.waitFor()
    expect(await attribute(notice, 'data-visibility')).toBe('INT')

    // Idle control on with a 2 s alert: the browser shows the alert after a bounded wait.
    await page.getByTestId('idle-field-enabled').check()
    await page.getByTestId('idle-field-timeout-alert').fill('2')
    await page.getByTestId('idle-apply').click()
    await page.getByTestId('idle-applied').waitFor()
    const alert = transcriptItem(page, FRENCH_ALERT)
    await alert.waitFor({ timeout: 8_000 })
    expect(await attribute(alert, 'data-visibility')).toBe('ALL')
    expect(await alert.textContent()).toContain('Idle alert sent')
    expect(await transcriptItem(page, ENGLISH_ALERT).count()).toBe(0)
    await page.locator('[data-testid="idle-countdown"][data-phase="close"]').waitFor()

    // The customer reads it in French too, as a system message.
    await customer.refresh()
    // The server's own entries carry EXTERNAL and the system nickname (docs/gms.md).
    const alerts = customer.entries.filter(
      ([, nickname, , , partyType]) => partyType === 'EXTERNAL' && nickname === 'system',
    )
    expect(alerts.map(([type, , text]) => [type, text])).toEqual([['Message.Text', FRENCH_ALERT]])
  })
})
