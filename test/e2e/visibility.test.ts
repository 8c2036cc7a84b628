import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  attribute,
  openConsole,
  openFromSessionList,
  sendFromComposer,
  sessionRow,
  transcriptItem,
  type ConsoleWindow,
} from './helpers/console-page'
import { espRequest } from './helpers/esp-client'
import { GmsCustomer } from './helpers/gms-customer'
import { startSwitchboardAndChromium, type RunningSwitchboard } from './helpers/switchboard'

const VIP_TEXT = 'Workflow hint 7c1f: this customer qualifies for the retention offer'
const NOTE_TEXT = 'Agent note 5e2a: customer called twice about this'
const LAST_TEXT = 'Workflow says 9d3b: thanks for waiting'

let server: RunningSwitchboard
let browser: Browser
let customer: GmsCustomer
let agent: ConsoleWindow
let supervisor: ConsoleWindow

/**
 * One scene for every check: a GMS customer in a chat with agent1, supervisor1 watching; a
 * workflow posts a VIP hint over ESP, then the agent writes an internal note, then the workflow
 * posts an ALL message. Each audience has seen the last message once it shows it, so whatever
 * it was going to receive of the two hidden ones has arrived by then.
 */
beforeAll(async () => {
  ;[server, browser] = await startSwitchboardAndChromium()
  customer = await GmsCustomer.start(server.gmsUrl, { firstName: 'Ann', lastName: 'Visible' })
  agent = await openConsole(browser, server.consoleUrl, 'agent1')
  await sessionRow(agent.page, 'queue-item', customer.sessionId)
    .getByTestId('accept-button')
    .click()
  await agent.page.locator('[data-testid="session-state"][data-state="active"]').waitFor()
  supervisor = await openConsole(browser, server.consoleUrl, 'supervisor1')
  await openFromSessionList(supervisor.page, customer.sessionId)

  await espRequest(server.espUrl, 'Message', customer.sessionId, {
    MessageText: VIP_TEXT,
    Visibility: 'VIP',
    Nickname: 'workflow',
  })
  await sendFromComposer(agent.page, 'note', NOTE_TEXT)
  await espRequest(server.espUrl, 'Message', customer.sessionId, {
    MessageText: LAST_TEXT,
    Nickname: 'workflow',
  })
  await Promise.all([
    transcriptItem(agent.page, LAST_TEXT).waitFor(),
    transcriptItem(supervisor.page, LAST_TEXT).waitFor(),
  ])
})

afterAll(async () => {
  const pageErrors = [...(agent?.pageErrors ?? []), ...(supervisor?.pageErrors ?? [])]
  await browser?.close()
  await server?.stop()
  expect(pageErrors).toEqual([])
})

describe('who sees an internal note and a supervisor-only message', () => {
  it('shows the supervisor both, each with its text label', async () => {
    const { page } = supervisor
    const vip = transcriptItem(page, VIP_TEXT)
    expect(await attribute(vip, 'data-visibility')).toBe('VIP')
    expect(await vip.getByTestId('visibility-badge').textContent()).toContain('Supervisor only')
    const note = transcriptItem(page, NOTE_TEXT)
    expect(await attribute(note, 'data-visibility')).toBe('INT')
    expect(await note.getByTestId('visibility-badge').textContent()).toContain('Internal note')
    expect(await transcriptItem(page, LAST_TEXT).getByTestId('visibility-badge').count()).toBe(0)
  })

  it('shows the agent the note but never the VIP message, on screen or on the wire', async () => {
    const { page, framesReceived } = agent
    const note = transcriptItem(page, NOTE_TEXT)
    expect(await note.getByTestId('visibility-badge').textContent()).toContain('Internal note')
    expect(await transcriptItem(page, VIP_TEXT).count()).toBe(0)
    expect(
      await page.locator('[data-testid="transcript-item"][data-visibility="VIP"]').count(),
    ).toBe(0)
    expect(await page.content()).not.toContain('7c1f')

    expect(framesReceived.some((frame) => frame.includes(NOTE_TEXT))).toBe(true)
    expect(framesReceived.filter((frame) => frame.includes('7c1f'))).toEqual([])
    // The recorder does catch such frames: the supervisor's page received the VIP text.
    expect(supervisor.framesReceived.some((frame) => frame.includes(VIP_TEXT))).toBe(true)
  })

  it('shows the customer column of the views panel neither, and the agent column only the note', async () => {
    const { page } = supervisor
    await page.getByTestId('tab-views').click()
    const column = (audience: string) => page.getByTestId(`views-column-${audience}`)
    const item = (audience: string, text: string) =>
      column(audience).getByTestId('views-item').filter({ hasText: text })
    await item('customer', LAST_TEXT).waitFor()

    expect(await item('customer', NOTE_TEXT).count()).toBe(0)
    expect(await item('customer', VIP_TEXT).count()).toBe(0)
    expect(
      await column('customer').locator('[data-visibility="INT"], [data-visibility="VIP"]').count(),
    ).toBe(0)
    expect(await item('agent', NOTE_TEXT).count()).toBe(1)
    expect(await item('agent', VIP_TEXT).count()).toBe(0)
    expect(await item('supervisor', NOTE_TEXT).count()).toBe(1)
    expect(await item('supervisor', VIP_TEXT).count()).toBe(1)
    await page.getByTestId('tab-chat').click()
  })

  it('gives the GMS customer neither in its transcript nor in any answer body', async () => {
    await customer.refresh()
    expect(customer.messageTexts()).toContain(LAST_TEXT)
    expect(customer.messageTexts()).not.toContain(NOTE_TEXT)
    expect(customer.messageTexts()).not.toContain(VIP_TEXT)
    const leaks = customer.answers.filter((body) => body.includes('7c1f') || body.includes('5e2a'))
    expect(leaks).toEqual([])
  })
})
