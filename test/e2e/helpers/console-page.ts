import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'

/** How long a test waits for a DOM state before it fails (the server answers in milliseconds). */
export const UI_TIMEOUT_MS = 10_000

export interface ConsoleWindow {
  context: BrowserContext
  page: Page
  /** Every WebSocket frame the page received, in order (text payloads). */
  framesReceived: string[]
  /** Uncaught page errors and console errors, as `kind: text`. */
  pageErrors: string[]
}

export interface OpenConsoleOptions {
  colorScheme?: 'light' | 'dark'
  /** The theme choice stored before load (`system` follows `colorScheme`). */
  theme?: 'system' | 'light' | 'dark'
  /** JavaScript source run in the page before the console's own scripts. */
  initScript?: string
}

/**
 * A console window in its own browser context: loads the tokened console URL, and signs in as
 * `userId` (or stays on the sign-in screen for null). The notification offer is stored as
 * dismissed before the page loads, so it never shifts the layout under a test.
 */
export async function openConsole(
  browser: Browser,
  consoleUrl: string,
  userId: string | null,
  options: OpenConsoleOptions = {},
): Promise<ConsoleWindow> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
  })
  context.setDefaultTimeout(UI_TIMEOUT_MS)
  await context.addInitScript((theme) => {
    localStorage.setItem('switchboard.notificationsOfferDismissed', '1')
    localStorage.setItem('switchboard.theme', theme)
  }, options.theme ?? 'system')
  if (options.initScript !== undefined) await context.addInitScript({ content: options.initScript })
  const page = await context.newPage()
  const framesReceived: string[] = []
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`)
  })
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => framesReceived.push(payload.toString())),
  )
  await page.goto(consoleUrl)
  await page.getByTestId('sign-in-user').first().waitFor()
  if (userId !== null) await signIn(page, userId)
  return { context, page, framesReceived, pageErrors }
}

export async function signIn(page: Page, userId: string): Promise<void> {
  await page.locator(`[data-testid="sign-in-user"][data-user-id="${userId}"]`).click()
  await page.locator(`[data-testid="signed-in-user"][data-user-id="${userId}"]`).waitFor()
}

/** The `testid` element with `data-session-id` = `sessionId`. */
export function sessionRow(page: Page, testid: string, sessionId: string): Locator {
  return page.locator(`[data-testid="${testid}"][data-session-id="${sessionId}"]`)
}

/** Transcript items of the open chat whose text contains `text`. */
export function transcriptItem(page: Page, text: string | RegExp): Locator {
  return page.getByTestId('transcript').getByTestId('transcript-item').filter({ hasText: text })
}

/** Supervisor: opens a session from the full list and waits for its header. */
export async function openFromSessionList(page: Page, sessionId: string): Promise<void> {
  const row = sessionRow(page, 'session-item', sessionId)
  await row.locator('button[data-nav-item]').click()
  // The header shows the row's summary at once; the fresh one from getSession follows.
  await row.locator('button[aria-current="true"]').waitFor()
  await page.getByTestId('session-header').waitFor()
}

/** Sends from the composer in the given mode and waits for the item in the transcript. */
export async function sendFromComposer(
  page: Page,
  mode: 'message' | 'note' | 'url',
  text: string,
): Promise<void> {
  await page.getByTestId(`composer-mode-${mode}`).check()
  await page.getByTestId('composer-input').fill(text)
  await page.getByTestId('composer-send').click()
  await transcriptItem(page, text).waitFor()
}

/** Reads an attribute, failing loudly when the element lacks it. */
export async function attribute(locator: Locator, name: string): Promise<string> {
  const value = await locator.getAttribute(name)
  if (value === null) throw new Error(`${name} is missing`)
  return value
}
