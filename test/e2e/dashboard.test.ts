import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { screenshot, seriousAccessibilityViolations } from './helpers/browser'
import { ConsoleApiClient } from './helpers/console-client'
import { openConsole, sessionRow, transcriptItem, type ConsoleWindow } from './helpers/console-page'
import { espRequest } from './helpers/esp-client'
import { GmsCustomer } from './helpers/gms-customer'
import { activeSession } from './helpers/scenes'
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

async function useDarkTheme(page: Page): Promise<void> {
  await page.getByTestId('theme-toggle').selectOption('dark')
  await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached' })
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

    // Thresholds are the supervisor's: with a 1 s long wait, the chats queued since the start
    // are flagged at once (the one that arrived a moment ago may not be yet).
    await page.getByTestId('threshold-long-wait').fill('1')
    await page.getByTestId('threshold-long-wait').press('Enter')
    await page.getByTestId('threshold-service-level').fill('10')
    await page.getByTestId('threshold-service-level').press('Enter')
    await expect
      .poll(async () => Number(await figure(page, 'long-waiting').textContent()))
      .toBeGreaterThanOrEqual(1)
    await page.getByTestId('figure-service-level').getByText('within 10 s').waitFor()
    await page.getByTestId('alert-item').first().waitFor()

    await page.getByTestId('window-today').check()
    await expect.poll(() => page.getByTestId('figure-offered').locator('dt').isVisible()).toBe(true)
    await useDarkTheme(page)
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

describe('raise hand in Chromium', () => {
  it('reaches the supervisor at once, marks the chat, and tells the agent who picked it up', async () => {
    const supervisor = await open('supervisor1')
    const agent = await open('agent1')
    await sessionRow(agent.page, 'session-item', chatId).locator('button[data-nav-item]').click()
    await transcriptItem(agent.page, NOTE).waitFor()
    await agent.page.getByTestId('hand-note').fill('Refund above my limit')
    await agent.page.getByTestId('hand-raise').click()
    await agent.page.getByTestId('hand-status').getByText('waiting for a supervisor').waitFor()

    // The supervisor's session list marks the chat; the dashboard lists the hand.
    await sessionRow(supervisor.page, 'session-item', chatId)
      .getByTestId('row-alerts')
      .getByText('Hand raised')
      .waitFor()
    await supervisor.page.getByTestId('view-dashboard').click()
    const alert = supervisor.page.locator(
      `[data-testid="alert-item"][data-kind="hand"][data-session-id="${chatId}"]`,
    )
    await alert.getByText('Refund above my limit', { exact: false }).waitFor()
    await checkScreen(supervisor.page, 'dashboard-raised-hand')
    await alert.getByTestId('hand-pick-up').click()

    await agent.page.getByTestId('hand-status').getByText('Sam Supervisor picked up').waitFor()
    await checkScreen(agent.page, 'agent-hand-picked-up')
    await useDarkTheme(agent.page)
    await checkScreen(agent.page, 'agent-hand-picked-up-dark')
    await useDarkTheme(supervisor.page)
    await checkScreen(supervisor.page, 'dashboard-raised-hand-dark')
    expect(agent.framesReceived.filter((frame) => frame.includes('"push":"dashboard"'))).toEqual([])
    await agent.page.getByTestId('hand-lower').click()
    await agent.page.getByTestId('hand-raise').waitFor()
  })
})

describe('standard responses in Chromium', () => {
  it('finds a response with / and inserts it filled, with the keyboard only', async () => {
    writeFileSync(
      join(server.process.ready.dataDir, 'standard-responses.yaml'),
      [
        'ChatServer:',
        '  en-US:',
        '    - { name: greeting, text: "Hello {customer.firstName}, I am {agent.name}." }',
        '    - { name: refund, text: "Refunds take five working days." }',
      ].join('\n'),
    )
    const { page } = await open('agent1')
    await sessionRow(page, 'session-item', chatId).locator('button[data-nav-item]').click()
    await transcriptItem(page, NOTE).waitFor()
    const input = page.getByTestId('composer-input')
    await input.focus()
    await page.keyboard.type('/')
    await expect
      .poll(() => page.getByTestId('response-option').allTextContents())
      .toEqual(['/greetingHello Marie, I am Alex Agent.', '/refundRefunds take five working days.'])
    await checkScreen(page, 'standard-responses')
    await useDarkTheme(page)
    await checkScreen(page, 'standard-responses-dark')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await expect.poll(() => input.inputValue()).toBe('Refunds take five working days.')
    expect(await page.getByTestId('response-picker').count()).toBe(0)

    await input.fill('')
    await page.keyboard.type('/gree')
    await page.getByTestId('response-option').first().waitFor()
    await page.keyboard.press('Enter')
    await expect.poll(() => input.inputValue()).toBe('Hello Marie, I am Alex Agent.')
    // Inserted for the agent to edit: nothing was sent.
    expect(await transcriptItem(page, 'I am Alex Agent').count()).toBe(0)
  })
})

describe('transfer in Chromium', () => {
  it('hands the chat to a signed-in colleague, who finds it with the note of who did it', async () => {
    const sessionId = await activeSession(server.espUrl, server.consoleUrl, { FirstName: 'Tom' })
    const agent2 = await open('agent2')
    const agent1 = await open('agent1')
    await sessionRow(agent1.page, 'session-item', sessionId)
      .locator('button[data-nav-item]')
      .click()
    await agent1.page.getByTestId('handover').locator('summary').click()
    await expect
      .poll(() => agent1.page.getByTestId('handover-agent').locator('option').allTextContents())
      .toEqual(['Blair Agent'])
    await checkScreen(agent1.page, 'handover')
    await useDarkTheme(agent1.page)
    await checkScreen(agent1.page, 'handover-dark')
    await agent1.page.getByTestId('handover-transfer').click()
    await transcriptItem(agent1.page, 'Alex Agent transferred the chat to Blair Agent').waitFor()

    await sessionRow(agent2.page, 'session-item', sessionId)
      .locator('button[data-nav-item]')
      .click()
    await transcriptItem(agent2.page, 'Alex Agent transferred the chat to Blair Agent').waitFor()
    await agent2.page.getByTestId('composer-input').waitFor()
    expect(await agent2.page.getByTestId('composer-blocked').count()).toBe(0)
  })
})
