import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createSessionOver, exited, startServerProcess } from '../helpers/server-process'

const ROUNDS = 20

interface Answer {
  referenceId: number
  event: string
  result?: { sessionId: string; eventIds: number[] }
}

/**
 * Streams ESP messages at the server until it dies, remembering every event id whose response
 * arrived. Several requests are in flight at once so the kill lands mid-commit as often as not.
 */
async function sendUntilKilled(
  espUrl: string,
  sessionId: string,
  killAfterMs: number,
  kill: () => void,
) {
  const acknowledged: number[] = []
  const socket = new WebSocket(espUrl)
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
  let referenceId = 0
  const sendOne = () => {
    referenceId += 1
    socket.send(
      JSON.stringify({
        referenceId,
        service: 'Chat',
        method: 'Message',
        interactionId: sessionId,
        parameters: {
          MessageText: `message ${referenceId}`,
          Visibility: referenceId % 3 === 0 ? 'INT' : 'ALL',
        },
      }),
    )
  }
  socket.on('message', (data) => {
    const answer = JSON.parse(data.toString()) as Answer
    if (answer.event === 'Event3rdServerResponse') acknowledged.push(...answer.result!.eventIds)
    sendOne()
  })
  for (let inFlight = 0; inFlight < 8; inFlight++) sendOne()
  setTimeout(kill, killAfterMs)
  await new Promise((resolve) => socket.once('close', resolve).once('error', resolve))
  return acknowledged
}

describe('durability across kill -9', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-durability-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it(`loses no acknowledged event over ${ROUNDS} kills at random moments`, async () => {
    let server = await startServerProcess(dataDir)
    const sessionId = await createSessionOver(server.ready.esp, { FirstName: 'Ann' })
    const everAcknowledged = new Set<number>()

    for (let round = 0; round < ROUNDS; round++) {
      const child = server.child
      const acknowledged = await sendUntilKilled(
        server.ready.esp,
        sessionId,
        20 + Math.random() * 180,
        () => child.kill('SIGKILL'),
      )
      await exited(child)
      for (const id of acknowledged) everAcknowledged.add(id)

      const db = new Database(join(dataDir, 'switchboard.db'), { readonly: true })
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
        const ids = db
          .prepare('SELECT event_id AS id FROM events WHERE session_id = ? ORDER BY event_id')
          .all(sessionId)
          .map((row) => (row as { id: number }).id)
        expect(ids).toEqual(ids.map((_, index) => index + 1))
        const stored = new Set(ids)
        expect([...everAcknowledged].filter((id) => !stored.has(id))).toEqual([])
      } finally {
        db.close()
      }
      // The restarted server has the session open again and takes requests on it.
      server = await startServerProcess(dataDir)
    }

    const answer = await fetch(server.ready.esp.replace(/^ws/, 'http'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        service: 'Chat',
        method: 'Message',
        interactionId: sessionId,
        parameters: { MessageText: 'still here' },
      }),
    }).then((response) => response.json() as Promise<Answer>)
    expect(answer.event).toBe('Event3rdServerResponse')
    expect(everAcknowledged.size).toBeGreaterThan(ROUNDS)
    server.child.kill('SIGTERM')
    expect(await exited(server.child)).toBe(0)
  }, 120_000)
})
