import { describe, expect, it } from 'vitest'
import { exportCommand } from '../../../src-main/cli/export-command'
import type { TranscriptExport } from '../../../src-main/export/transcript-export'
import { createTestEngine, makeTempDir, startChat } from '../../helpers/engine'
import { call, createConsoleKit, refused } from './console-fixture'

/** A chat with one event of each visibility: a message (ALL), a note (INT), a monitor (VIP). */
async function chatWithEveryVisibility(kit: ReturnType<typeof createConsoleKit>) {
  const { sessionId } = await startChat(kit.engine, { FirstName: 'Ann' }, 'Ann')
  const agent = await kit.window('agent1')
  const supervisor = await kit.window('supervisor1')
  await call(agent, 'accept', { sessionId })
  await call(agent, 'sendMessage', { sessionId, text: 'Hello <Ann> & welcome' })
  await call(supervisor, 'join', { sessionId, mode: 'monitor' })
  await call(supervisor, 'sendMessage', { sessionId, text: 'VIP: watch the refund' })
  await call(agent, 'sendNote', { sessionId, text: 'INT: asked twice already' })
  return { sessionId, agent, supervisor }
}

async function exportJson(
  window: Awaited<ReturnType<ReturnType<typeof createConsoleKit>['window']>>,
  sessionId: string,
  audience: 'customer' | 'agent' | 'supervisor',
): Promise<TranscriptExport> {
  const result = await call(window, 'exportTranscript', { sessionId, audience, format: 'json' })
  return JSON.parse(result.content) as TranscriptExport
}

const texts = (document: TranscriptExport) => document.events.map((event) => event.text)

describe('transcript export per audience', () => {
  it('gives each audience exactly what it saw, numbered without gaps', async () => {
    const kit = createConsoleKit()
    const { sessionId, agent, supervisor } = await chatWithEveryVisibility(kit)

    const customer = await exportJson(agent, sessionId, 'customer')
    expect(texts(customer)).toContain('Hello <Ann> & welcome')
    expect(customer.events.map((event) => event.visibility)).not.toContain('INT')
    expect(customer.events.map((event) => event.eventId)).toEqual(
      customer.events.map((_, index) => index + 1),
    )
    // The customer's export is what GMS serves it: the same entries, in the same order.
    const gms = kit.engine.readCustomerEntries(sessionId, 1).events
    expect(customer.events).toHaveLength(gms.length)
    expect(customer.session).not.toHaveProperty('userData')

    const agentView = await exportJson(agent, sessionId, 'agent')
    expect(texts(agentView)).toContain('INT: asked twice already')
    expect(texts(agentView).join('\n')).not.toContain('VIP')
    expect(texts(agentView).join('\n')).not.toContain('monitoring')
    expect(agentView.events.map((event) => event.eventId)).toEqual(
      agentView.events.map((_, index) => index + 1),
    )

    const supervisorView = await exportJson(supervisor, sessionId, 'supervisor')
    expect(texts(supervisorView)).toContain('VIP: watch the refund')
    expect(supervisorView.events.length).toBeGreaterThan(agentView.events.length)
  })

  it('refuses an agent the supervisors’ view and other agents’ chats', async () => {
    const kit = createConsoleKit()
    const { sessionId, agent } = await chatWithEveryVisibility(kit)
    const vip = await refused(agent, 'exportTranscript', {
      sessionId,
      audience: 'supervisor',
      format: 'txt',
    })
    expect(vip).toMatchObject({ code: 'forbidden', field: 'audience' })
    const other = await kit.window('agent2')
    const error = await refused(other, 'exportTranscript', {
      sessionId,
      audience: 'agent',
      format: 'txt',
    })
    expect(error.code).toBe('forbidden')
    expect(error.message).toContain('not one of your chats')
  })

  it('writes a self-contained HTML page with every text escaped', async () => {
    const kit = createConsoleKit()
    const { sessionId, supervisor } = await chatWithEveryVisibility(kit)
    const result = await call(supervisor, 'exportTranscript', {
      sessionId,
      audience: 'supervisor',
      format: 'html',
    })
    expect(result).toMatchObject({
      fileName: `transcript-${sessionId}-supervisor.html`,
      mediaType: 'text/html; charset=utf-8',
    })
    expect(result.content).toContain('Hello &lt;Ann&gt; &amp; welcome')
    expect(result.content).toContain('supervisors only')
    expect(result.content).not.toMatch(/<(script|link|img)\b|src=|href=|@import|url\(/i)
  })
})

describe('switchboard export', () => {
  it('exports a stored session for an audience, with the app stopped', async () => {
    const dir = makeTempDir()
    try {
      const test = createTestEngine({ databasePath: `${dir.path}/switchboard.db` })
      const { sessionId } = await startChat(test.engine, {}, 'Ann')
      const agent = await test.engine.joinAgent(sessionId, { userId: 'agent1', nickname: 'Alex' })
      await test.engine.send(sessionId, {
        partyId: agent.partyId,
        content: { kind: 'message', text: 'note for colleagues' },
        visibility: 'INT',
      })
      await test.close()
      let stdout = ''
      let stderr = ''
      const io = {
        out: (text: string) => void (stdout += text),
        err: (text: string) => void (stderr += text),
        now: () => Date.now(),
      }
      expect(
        exportCommand(sessionId, { dataDir: dir.path, audience: 'customer', format: 'txt' }, io),
      ).toBe(0)
      expect(stdout).toContain('Alex joined')
      expect(stdout).not.toContain('note for colleagues')
      stdout = ''
      expect(
        exportCommand(sessionId, { dataDir: dir.path, audience: 'agent', format: 'txt' }, io),
      ).toBe(0)
      expect(stdout).toContain('(internal note) Alex: note for colleagues')
      expect(
        exportCommand(
          'S00000000000000X',
          { dataDir: dir.path, audience: 'agent', format: 'txt' },
          io,
        ),
      ).toBe(1)
      expect(
        exportCommand(sessionId, { dataDir: dir.path, audience: 'boss', format: 'txt' }, io),
      ).toBe(2)
      expect(stderr).toContain('--audience must be customer, agent or supervisor')
    } finally {
      dir.remove()
    }
  })
})
