/**
 * store.append.rate: events/s through the engine's append path (validate, number, commit in
 * groups, publish) against raw better-sqlite3 inserts of the same rows, same pragmas, same
 * transaction size.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_IDLE_SETTINGS } from '../src-shared/idle-settings'
import { ChatEngine } from '../src-main/engine/chat-engine'
import { SystemClock } from '../src-main/engine/clock'
import { openDatabase, openStore } from '../src-main/store'
import { figure, type Figure } from './report'

const IN_FLIGHT = 256
const SESSIONS = 100
// The shipped default (resources/default-config.yaml); both sides use the same.
const SYNCHRONOUS = 'NORMAL' as const

function application() {
  return {
    name: 'ChatServer',
    endpoints: ['gms_builtin'],
    idleDefaults: DEFAULT_IDLE_SETTINGS,
    defaultLanguage: null,
    languages: [],
    systemNickname: 'system',
  }
}

async function engineRate(dir: string, events: number): Promise<number> {
  const store = openStore(join(dir, 'engine.db'), { synchronous: SYNCHRONOUS })
  const clock = new SystemClock()
  const engine = new ChatEngine({
    applications: [application()],
    persistence: store.persistence,
    clock,
  })
  const sessions: string[] = []
  for (let i = 0; i < SESSIONS; i++)
    sessions.push((await engine.createSession({ customerNickname: 'Ann' })).sessionId)
  // The EXTERNAL party joins on first use: warm every session up before timing.
  await Promise.all(
    sessions.map((id) =>
      engine.sendAsExternal(id, {
        nickname: 'bot',
        visibility: 'ALL',
        content: { kind: 'message', text: 'warm' },
      }),
    ),
  )
  const started = performance.now()
  for (let sent = 0; sent < events; sent += IN_FLIGHT) {
    const wave = Array.from({ length: IN_FLIGHT }, (_, i) =>
      engine.sendAsExternal(sessions[(sent + i) % SESSIONS]!, {
        nickname: 'bot',
        visibility: 'ALL',
        content: { kind: 'message', text: `Benchmark message number ${sent + i}` },
      }),
    )
    await Promise.all(wave)
  }
  const seconds = (performance.now() - started) / 1000
  await engine.shutdown()
  clock.stop()
  store.persistence.close()
  return events / seconds
}

function rawRate(dir: string, events: number): number {
  const db = openDatabase(join(dir, 'raw.db'), { synchronous: SYNCHRONOUS })
  const insertSession = db.prepare(
    `INSERT INTO sessions (session_id, application, endpoint, state, started_at, user_data, idle_overrides)
     VALUES (?, 'ChatServer', 'gms_builtin', 'queued', 0, '{}', '{}')`,
  )
  // The same rows as the engine writes: an ALL message carries the customer's and the agents'
  // positions too (each with its unique index), numbered by the writer as the engine does.
  const insertEvent = db.prepare(
    `INSERT INTO events (session_id, event_id, time, time_shift, party_id, visibility, type, text,
       payload, customer_position, agent_position)
     VALUES (?, ?, ?, 0, '0000000000000003', 'ALL', 'message', ?, NULL, ?, ?)`,
  )
  for (let s = 0; s < SESSIONS; s++) insertSession.run(`S${s}`)
  const nextId = new Array<number>(SESSIONS).fill(0)
  const wave = db.transaction((from: number) => {
    for (let i = 0; i < IN_FLIGHT; i++) {
      const session = (from + i) % SESSIONS
      nextId[session]! += 1
      const id = nextId[session]
      insertEvent.run(`S${session}`, id, Date.now(), `Benchmark message number ${from + i}`, id, id)
    }
  })
  const started = performance.now()
  for (let sent = 0; sent < events; sent += IN_FLIGHT) wave(sent)
  const seconds = (performance.now() - started) / 1000
  db.close()
  return events / seconds
}

export async function benchStoreAppend(options: { events: number }): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-store-'))
  try {
    const raw = rawRate(dir, options.events)
    const engine = await engineRate(dir, options.events)
    return [
      figure(
        { name: 'store.append.rate', value: engine, unit: 'events/s' },
        { name: 'sqlite.raw-insert.rate', value: raw, unit: 'events/s' },
        { op: '>=', value: 0.7 },
      ),
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
