import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SessionSummary } from '../../src-shared/domain'
import { ConsoleApiClient } from './helpers/console-client'
import {
  attribute,
  openConsole,
  openFromSessionList,
  type ConsoleWindow,
} from './helpers/console-page'
import { activeSession } from './helpers/scenes'
import { startSwitchboardAndChromium, type RunningSwitchboard } from './helpers/switchboard'

let server: RunningSwitchboard
let browser: Browser
/** supervisor1 over the console API: reads the server's settings behind the UI. */
let api: ConsoleApiClient
let supervisor: ConsoleWindow | undefined

beforeAll(async () => {
  ;[server, browser] = await startSwitchboardAndChromium()
  api = await ConsoleApiClient.signedIn(server.consoleUrl, 'supervisor1')
})

afterEach(async () => {
  const pageErrors = supervisor?.pageErrors ?? []
  await supervisor?.context.close()
  supervisor = undefined
  expect(pageErrors).toEqual([])
})

afterAll(async () => {
  api?.close()
  await browser?.close()
  await server?.stop()
})

async function sessionOnServer(sessionId: string): Promise<SessionSummary> {
  return (await api.call('getSession', { sessionId })).session
}

/** Waits until the countdown shows `phase` with between `min` and `max` seconds left. */
async function waitForCountdown(page: Page, phase: string, min: number, max: number) {
  await page.waitForFunction(
    (expected) => {
      const element = document.querySelector<HTMLElement>('[data-testid="idle-countdown"]')
      const left = Number(element?.dataset.secondsLeft)
      return (
        element?.dataset.phase === expected.phase &&
        element.dataset.secondsLeft !== '' &&
        left >= expected.min &&
        left <= expected.max
      )
    },
    { phase, min, max },
  )
}

async function setTimeoutAlert(page: Page, value: string): Promise<void> {
  await page.getByTestId('idle-field-timeout-alert').fill(value)
}

async function applyIdle(page: Page): Promise<void> {
  await page.getByTestId('idle-apply').click()
  await page.getByTestId('idle-applied').waitFor()
}

/** supervisor1's window with `sessionId` open and idle control on at timeout-alert 600 s. */
async function supervising(sessionId: string): Promise<Page> {
  supervisor = await openConsole(browser, server.consoleUrl, 'supervisor1')
  const { page } = supervisor
  await openFromSessionList(page, sessionId)
  await page.locator('[data-testid="idle-countdown"][data-phase="off"]').waitFor()
  await page.getByTestId('idle-field-enabled').check()
  await setTimeoutAlert(page, '600')
  await applyIdle(page)
  await waitForCountdown(page, 'alert', 590, 600)
  return page
}

describe('the supervisor’s idle editor', () => {
  it('moves the running countdown to the new timeout-alert as soon as it is applied', async () => {
    const sessionId = await activeSession(server.espUrl, server.consoleUrl)
    const page = await supervising(sessionId)
    expect(await attribute(page.getByTestId('idle-countdown'), 'data-enabled')).toBe('true')

    await setTimeoutAlert(page, '120')
    await applyIdle(page)
    await waitForCountdown(page, 'alert', 110, 120)

    const { idleControl, idleStatus } = await sessionOnServer(sessionId)
    expect(idleControl.timeoutAlert).toBe(120)
    // The running phase keeps its start; only its deadline moved (docs/sessions.md, "Decision").
    expect(idleStatus.deadline! - idleStatus.phaseStartedAt!).toBe(120_000)
    expect(await page.getByTestId('idle-field-timeout-alert').inputValue()).toBe('120')
  })

  it.each(['0', '86401'])(
    'refuses timeout-alert %s next to the field and changes nothing',
    async (value) => {
      const sessionId = await activeSession(server.espUrl, server.consoleUrl)
      const page = await supervising(sessionId)
      const before = await sessionOnServer(sessionId)

      await setTimeoutAlert(page, value)
      const error = page.getByTestId('idle-error-timeout-alert')
      await error.waitFor()
      expect(await error.textContent()).toContain(
        `timeout-alert must be a whole number of seconds from 1 to 86400 (got "${value}")`,
      )
      const field = page.getByTestId('idle-field-timeout-alert')
      expect(await attribute(field, 'aria-invalid')).toBe('true')
      expect(await attribute(field, 'aria-describedby')).toBe(await attribute(error, 'id'))

      await page.getByTestId('idle-apply').click()
      expect(await error.isVisible()).toBe(true)
      expect(await page.getByTestId('idle-applied').count()).toBe(0)
      const after = await sessionOnServer(sessionId)
      expect(after.idleControl).toEqual(before.idleControl)
      expect(after.idleStatus).toEqual(before.idleStatus)
      expect(after.lastEventId).toBe(before.lastEventId)
      await waitForCountdown(page, 'alert', 580, 600)
    },
  )

  it('gets the same refusal from the server when a client skips the check', async () => {
    const sessionId = await activeSession(server.espUrl, server.consoleUrl)
    const before = await sessionOnServer(sessionId)
    const reply = await api.reply('configureIdle', {
      sessionId,
      settings: { 'timeout-alert': '86401' },
    })
    expect(reply).toEqual({
      error: {
        code: 'invalid-parameter',
        field: 'timeout-alert',
        message: expect.stringContaining('from 1 to 86400 (got "86401")'),
      },
    })
    expect((await sessionOnServer(sessionId)).idleControl).toEqual(before.idleControl)
  })
})
