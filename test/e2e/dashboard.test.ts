import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { screenshot, seriousAccessibilityViolations } from './helpers/browser'
import { ConsoleApiClient } from './helpers/console-client'
import { openConsole, sessionRow, transcriptItem, type ConsoleWindow } from './helpers/console-page'
import { espRequest } from './helpers/esp-client'
import { GmsCustomer } from './helpers/gms-customer'
import { startSwitchboardAndChromium, type RunningSwitchboard } from './helpers/switchboard'

let server: RunningSwitchboard
let browser: Browser
const windows: ConsoleWindow[] = []
/** A chat agent1 accepted, with a message (ALL), an internal note and a VIP hint. */
let chatId: string
const VIP_HINT = 'Goodwill credit approved for this customer.'
const NOTE = 'Invoice 2231 was billed twice.'

beforeAll(async () => {
  ;[server, browser] = await startSwitchboardAndChromium()
  const chat = await GmsCustomer.start(server.gmsUrl, { firstName: 'Marie', lastName: 'Dupont' })
  chatId = chat.sessionId
  await GmsCustomer.start(server.gmsUrl, { firstName: 'Bob', lastName: 'Smith' })
  const agent = await ConsoleApiClient.signedIn(server.consoleUrl, 'agent1')
  await agent.call('accept', { sessionId: chatId })
  await chat.send('My invoice shows the wrong amount.')
  await agent.call('sendMessage', { sessionId: chatId, text: 'Hello Marie, let me check.' })
  await agent.call('sendNote', { sessionId: chatId, text: NOTE })
  await espRequest(server.espUrl, 'Message', chatId, {
    MessageText: VIP_HINT,
    Nickname: 'workflow',
    Visibility: 'VIP',
  })
  agent.close()
})

afterEach(async () => {
  const pageErrors = windows.flatMap((window) => window.pageErrors)
  await Promise.all(windows.splice(0).map((window) => window.context.close()))
  expect(pageErrors).toEqual([])
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

async function open(userId: string, options: { colorScheme?: 'light' | 'dark' } = {}) {
  const window = await openConsole(browser, server.consoleUrl, userId, options)
  windows.push(window)
  return window
}

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

const figure = (page: Page, id: string) => page.getByTestId(`figure-${id}`).locator('dd.value')

describe('the supervisor dashboard in Chromium', () => {
  it('shows the floor and follows it live through pushes, in both themes', async () => {
    const { page } = await open('supervisor1')
    await page.getByTestId('view-dashboard').click()
    await page.getByTestId('dashboard').waitFor()
    await expect.poll(() => figure(page, 'queued').textContent()).toBe('1')
    expect(await figure(page, 'active').textContent()).toBe('1')
    expect(await figure(page, 'offered').textContent()).toBe('2')
    await page.getByTestId('chart-over-time').locator('canvas').waitFor()
    await page.getByTestId('dashboard-agents').getByText('Alex', { exact: false }).waitFor()
    await checkScreen(page, 'dashboard')

    // A new customer arrives: the open dashboard shows it without any reload or polling.
    await GmsCustomer.start(server.gmsUrl, { firstName: 'Lucía', lastName: 'García' })
    await expect.poll(() => figure(page, 'queued').textContent()).toBe('2')
    expect(await figure(page, 'offered').textContent()).toBe('3')

    await page.getByTestId('window-today').check()
    await expect.poll(() => page.getByTestId('figure-offered').locator('dt').isVisible()).toBe(true)
    await page.getByTestId('theme-toggle').selectOption('dark')
    await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached' })
    await checkScreen(page, 'dashboard-dark')

    await page.getByTestId('view-sessions').click()
    await sessionRow(page, 'session-item', chatId).waitFor()
  })

  it('is never offered to an agent, and no dashboard push reaches its window', async () => {
    const supervisor = await open('supervisor1')
    await supervisor.page.getByTestId('view-dashboard').click()
    await supervisor.page.getByTestId('dashboard').waitFor()
    const agent = await open('agent2')
    await agent.page.getByTestId('queue-item').first().waitFor()
    expect(await agent.page.getByTestId('view-dashboard').count()).toBe(0)

    await GmsCustomer.start(server.gmsUrl, { firstName: 'Jonas', lastName: 'Becker' })
    await expect
      .poll(() => supervisor.framesReceived.filter((frame) => frame.includes('"dashboard"')).length)
      .toBeGreaterThan(1)
    await expect
      .poll(() => agent.framesReceived.filter((frame) => frame.includes('session-list')).length)
      .toBeGreaterThan(0)
    expect(agent.framesReceived.filter((frame) => frame.includes('"push":"dashboard"'))).toEqual([])
  })
})

describe('transcript export in Chromium', () => {
  it('downloads what the agent saw: the note, never the VIP hint', async () => {
    const { page } = await open('agent1')
    await sessionRow(page, 'session-item', chatId).locator('button[data-nav-item]').click()
    await transcriptItem(page, NOTE).waitFor()
    await page.getByTestId('export-transcript').locator('summary').click()
    await page.getByTestId('export-format').selectOption('json')
    expect(await page.getByTestId('export-audience').locator('option').allTextContents()).toEqual([
      'Customer',
      'Agent',
    ])
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-button').click(),
    ])
    expect(download.suggestedFilename()).toBe(`transcript-${chatId}-agent.json`)
    const document = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      events: { text: string; visibility: string }[]
    }
    const texts = document.events.map((event) => event.text)
    expect(texts).toContain(NOTE)
    expect(texts.join('\n')).not.toContain('Goodwill')
    await page.getByTestId('export-done').waitFor()
    await checkScreen(page, 'export-agent')
  })
})
