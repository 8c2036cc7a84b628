/**
 * "Save as scenario" in Chromium (browser mode): the chat header's button downloads the chat as
 * a harness scenario, read as the user's role sees it, and the file loads as a scenario.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadShippedConfig } from '../../src-main/harness/scenario-config'
import { loadScenarioFile } from '../../src-main/harness/scenario-file'
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
const windows: ConsoleWindow[] = []
let chatId: string
const VIP_HINT = 'Goodwill credit approved for this customer.'

beforeAll(async () => {
  ;[server, browser] = await startSwitchboardAndChromium()
  const chat = await GmsCustomer.start(server.gmsUrl, { firstName: 'Marie', lastName: 'Dupont' })
  chatId = chat.sessionId
  const agent = await ConsoleApiClient.signedIn(server.consoleUrl, 'agent1')
  await agent.call('accept', { sessionId: chatId })
  await chat.send('My invoice shows the wrong amount.')
  await agent.call('sendMessage', { sessionId: chatId, text: 'Hello Marie, let me check.' })
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

async function saveAsScenario(window: ConsoleWindow): Promise<string> {
  const [download] = await Promise.all([
    window.page.waitForEvent('download'),
    window.page.getByTestId('save-scenario-button').click(),
  ])
  expect(download.suggestedFilename()).toBe(`session-${chatId}.yaml`)
  return readFileSync(await download.path(), 'utf8')
}

describe('Save as scenario in Chromium', () => {
  it('downloads the chat as a scenario a supervisor can run, VIP included', async () => {
    const window = await openConsole(browser, server.consoleUrl, 'supervisor1')
    windows.push(window)
    await openFromSessionList(window.page, chatId)
    await transcriptItem(window.page, VIP_HINT).waitFor()

    const yaml = await saveAsScenario(window)

    expect(yaml).toContain(`name: Recorded session ${chatId}`)
    expect(yaml).toContain('say: My invoice shows the wrong amount.')
    expect(yaml).toContain(VIP_HINT)
    const file = join(tmpdir(), `switchboard-saved-${chatId}.yaml`)
    writeFileSync(file, yaml)
    try {
      expect(loadScenarioFile(file, loadShippedConfig()).steps.at(-1)?.step.expect).toBeDefined()
    } finally {
      rmSync(file, { force: true })
    }
  })

  it('gives an agent the chat as the agent saw it, without the VIP hint', async () => {
    const window = await openConsole(browser, server.consoleUrl, 'agent1')
    windows.push(window)
    await sessionRow(window.page, 'session-item', chatId).locator('button[data-nav-item]').click()
    await transcriptItem(window.page, 'Hello Marie').waitFor()

    const yaml = await saveAsScenario(window)

    expect(yaml).toContain('Hello Marie, let me check.')
    expect(yaml).not.toContain(VIP_HINT)
  })
})
