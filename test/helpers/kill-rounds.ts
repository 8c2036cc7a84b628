import { join } from 'node:path'
import Database from 'better-sqlite3'
import WebSocket from 'ws'
import { createSessionOver, exited, startServerProcess, type ServerProcess } from './server-process'

interface Answer {
  referenceId: number
  event: string
  result?: { sessionId: string; eventIds: number[] }
}

/** What the database held after one `kill -9`. */
export interface RoundCheck {
  integrity: string
  /** Event ids of the session as stored, in order. */
  storedIds: number[]
  /** Ids acknowledged so far (in any round) that the database does not have. */
  lostIds: number[]
}

export interface KillRoundsResult {
  rounds: RoundCheck[]
  acknowledged: number
  /** The server after the last restart, still running: the caller stops it. */
  server: ServerProcess
  sessionId: string
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
    const Visibility = referenceId % 3 === 0 ? 'INT' : 'ALL'
    const parameters = { MessageText: `message ${referenceId}`, Visibility }
    socket.send(
      JSON.stringify({
        referenceId,
        service: 'Chat',
        method: 'Message',
        interactionId: sessionId,
        parameters,
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

function checkDatabase(dataDir: string, sessionId: string, acknowledged: Set<number>): RoundCheck {
  const db = new Database(join(dataDir, 'switchboard.db'), { readonly: true })
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }))
    const storedIds = db
      .prepare('SELECT event_id AS id FROM events WHERE session_id = ? ORDER BY event_id')
      .all(sessionId)
      .map((row) => (row as { id: number }).id)
    const stored = new Set(storedIds)
    return { integrity, storedIds, lostIds: [...acknowledged].filter((id) => !stored.has(id)) }
  } finally {
    db.close()
  }
}

/**
 * `kill -9` a real `switchboard serve` at a random moment while ESP messages stream in, check the
 * database, restart on the same data directory, `rounds` times over.
 */
export async function runKillRounds(dataDir: string, rounds: number): Promise<KillRoundsResult> {
  let server = await startServerProcess(dataDir)
  const sessionId = await createSessionOver(server.ready.esp, { FirstName: 'Ann' })
  const acknowledged = new Set<number>()
  const checks: RoundCheck[] = []
  for (let round = 0; round < rounds; round++) {
    const child = server.child
    const killAfterMs = 20 + Math.random() * 180
    const ids = await sendUntilKilled(server.ready.esp, sessionId, killAfterMs, () =>
      child.kill('SIGKILL'),
    )
    await exited(child)
    for (const id of ids) acknowledged.add(id)
    checks.push(checkDatabase(dataDir, sessionId, acknowledged))
    server = await startServerProcess(dataDir)
  }
  return { rounds: checks, acknowledged: acknowledged.size, server, sessionId }
}
