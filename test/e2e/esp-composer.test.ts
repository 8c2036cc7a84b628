import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshot, seriousAccessibilityViolations } from './helpers/browser'
import { ConsoleApiClient } from './helpers/console-client'
import {
  attribute,
  openConsole,
  openFromSessionList,
  transcriptItem,
  type ConsoleWindow,
} from './helpers/console-page'
import { activeSession } from './helpers/scenes'
import { startSwitchboardAndChromium, type RunningSwitchboard } from './helpers/switchboard'

let server: RunningSwitchboard
let browser: Browser
let supervisor: ConsoleWindow
/** A chat agent1 has accepted; supervisor1 has it open on the strategy tab. */
let sessionId: string

beforeAll(async () => {
  ;[server, browser] = await startSwitchboardAndChromium()
  sessionId = await activeSession(server.espUrl, server.consoleUrl)
  supervisor = await openConsole(browser, server.consoleUrl, 'supervisor1')
  await openFromSessionList(supervisor.page, sessionId)
  await supervisor.page.getByTestId('tab-strategy').click()
  await supervisor.page.getByTestId('esp-composer').waitFor()
})

afterAll(async () => {
  const pageErrors = supervisor?.pageErrors ?? []
  await browser?.close()
  await server?.stop()
  expect(pageErrors).toEqual([])
})

const field = (page: Page, name: string): Locator =>
  page.locator(`[data-testid="esp-field"][data-field="${name}"]`)

async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim()
}

describe('the ESP composer', () => {
  it('shows ESP’s fault for a refused request, then the response of a valid one', async () => {
    const { page } = supervisor
    await field(page, 'MessageText').fill('An agent will be with you shortly')
    await field(page, 'Visibility').fill('EVERYONE')
    const problem = page.locator('[data-testid="esp-field-error"][data-field="Visibility"]')
    expect(await text(problem)).toContain('"EVERYONE"')

    await page.getByTestId('esp-send').click()
    await page.getByTestId('esp-blocked').waitFor()
    await page.getByTestId('esp-send-anyway').click()
    await page.locator('[data-testid="esp-result"][data-event="fault"]').waitFor()
    expect(await text(page.getByTestId('esp-fault-code'))).toBe('invalid-parameter')
    expect(await text(page.getByTestId('esp-fault-parameter'))).toBe('Visibility')
    expect(await text(page.getByTestId('esp-fault-text'))).toContain('EVERYONE')
    expect(await transcriptItem(page, 'An agent will be with you shortly').count()).toBe(0)

    await field(page, 'Visibility').fill('INT')
    await page.getByTestId('esp-send').click()
    await page.locator('[data-testid="esp-result"][data-event="response"]').waitFor()
    const eventIds = (await text(page.getByTestId('esp-result-event-ids'))).split(', ')
    expect(eventIds.length).toBeGreaterThan(0)
    const item = transcriptItem(page, 'An agent will be with you shortly')
    await item.waitFor()
    expect(await attribute(item, 'data-event-id')).toBe(eventIds.at(-1))
    expect(await attribute(item, 'data-visibility')).toBe('INT')
  })

  it('explains the idle timer: the workflow’s change, a reset, and what did not count', async () => {
    const { page } = supervisor
    await page.getByTestId('esp-method').selectOption('IdleControlConfigure')
    await field(page, 'enabled').fill('true')
    await field(page, 'timeout-alert').fill('600')
    await page.getByTestId('esp-send').click()
    await page.locator('[data-testid="esp-result"][data-event="response"]').waitFor()

    const entry = (kind: string) =>
      page.locator(`[data-testid="idle-timeline-entry"][data-kind="${kind}"]`)
    await entry('settings').first().waitFor()
    expect(await text(entry('settings').first())).toContain('by workflow')
    expect(await text(page.getByTestId('idle-timeline-last-change'))).toContain('workflow')
    await page.locator('[data-testid="idle-timeline-status"][data-phase="alert"]').waitFor()

    const agent = await ConsoleApiClient.signedIn(server.consoleUrl, 'agent1')
    try {
      const note = await agent.call('sendNote', { sessionId, text: 'Checking the invoice' })
      const reply = await agent.call('sendMessage', { sessionId, text: 'One moment please' })
      const reset = page.locator(
        `[data-testid="idle-timeline-entry"][data-kind="reset"][data-event-id="${reply.eventIds[0]}"]`,
      )
      await reset.waitFor()
      expect(await text(reset)).toContain('reset the timer')
      const ignored = page.locator(
        `[data-testid="idle-timeline-entry"][data-event-id="${note.eventIds[0]}"]`,
      )
      expect(await attribute(ignored, 'data-kind')).toBe('ignored')
    } finally {
      agent.close()
    }
  })

  it('switches the language with ConfigureSession, suggesting the configured codes', async () => {
    const { page } = supervisor
    await page.getByTestId('esp-method').selectOption('ConfigureSession')
    const suggested = await page
      .locator('#esp-field-GCTI_LanguageCode-choices option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))
    expect(suggested).toEqual(expect.arrayContaining(['en-US', 'fr-FR', 'de-DE', 'es-ES']))

    await field(page, 'GCTI_LanguageCode').fill('fr-FR')
    await page.getByTestId('esp-send').click()
    await page.locator('[data-testid="session-language"][data-language-code="fr-FR"]').waitFor()

    // The switcher offers every configured language, not only those seen on sessions.
    await page.getByTestId('tab-supervise').click()
    const offered = await page
      .getByTestId('language-select')
      .locator('option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))
    expect(offered).toEqual(expect.arrayContaining(['es-ES', 'de-DE', '__other__']))
  })

  it('reads well in both themes, with an answer and the timeline on screen', async () => {
    const { page } = supervisor
    await page.getByTestId('tab-strategy').click()
    await page.getByTestId('esp-method').selectOption('Message')
    await page.getByTestId('esp-send').click()
    await page.locator('[data-testid="esp-result"][data-event="response"]').waitFor()
    await page.getByTestId('idle-timeline-entry').first().waitFor()
    for (const theme of ['light', 'dark'] as const) {
      await page.getByTestId('theme-toggle').selectOption(theme)
      await page.locator(`html[data-theme="${theme}"]`).waitFor({ state: 'attached' })
      await screenshot(page, `strategy-${theme}`)
      const violations = await seriousAccessibilityViolations(page)
      expect(
        violations.map(({ id, nodes }) => ({ id, nodes: nodes.length })),
        theme,
      ).toEqual([])
    }
  })
})
