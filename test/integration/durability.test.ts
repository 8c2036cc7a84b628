import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runKillRounds } from '../helpers/kill-rounds'
import { exited } from '../helpers/server-process'

const ROUNDS = 20

describe('durability across kill -9', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-durability-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it(`loses no acknowledged event over ${ROUNDS} kills at random moments`, async () => {
    const { rounds, acknowledged, server, sessionId } = await runKillRounds(dataDir, ROUNDS)
    for (const round of rounds) {
      expect(round.integrity).toBe('ok')
      expect(round.storedIds).toEqual(round.storedIds.map((_, index) => index + 1))
      expect(round.lostIds).toEqual([])
    }
    expect(acknowledged).toBeGreaterThan(ROUNDS)

    // The restarted server has the session open again and takes requests on it.
    const answer = await fetch(server.ready.esp.replace(/^ws/, 'http'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        service: 'Chat',
        method: 'Message',
        interactionId: sessionId,
        parameters: { MessageText: 'still here' },
      }),
    }).then((response) => response.json() as Promise<{ event: string }>)
    expect(answer.event).toBe('Event3rdServerResponse')
    server.child.kill('SIGTERM')
    expect(await exited(server.child)).toBe(0)
  }, 120_000)
})
