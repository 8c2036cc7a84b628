/**
 * GMS customers across a restart, on the virtual clock: a listener and engine over a database
 * file are stopped and new ones started on the same file, as `switchboard serve` does.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { REASON_CODES } from '../../../src-shared/domain'
import { VirtualClock } from '../../../src-main/engine/clock'
import { SequentialIdSource } from '../../../src-main/engine/ids'
import type { Logger } from '../../../src-main/engine/ports'
import { startGmsListener, type GmsListener } from '../../../src-main/gms/gms-listener'
import { WriteRunner } from '../../../src-main/store/change-writes'
import { GmsCustomerRepository } from '../../../src-main/store/gms-customer-repository'
import { createTestEngine, seconds, type TestEngine } from '../../helpers/engine'
import {
  chatPath,
  DEFAULT_SERVICES,
  postForm,
  type ChatAnswer,
  type HttpAnswer,
} from './gms-test-kit'
import type { V2Answer } from './v2-test-kit'

const TTL_SECONDS = 600

/** One run of the server: an engine restored from the file and a GMS listener over it. */
interface Generation {
  testEngine: TestEngine
  listener: GmsListener
  post<Body = ChatAnswer>(path: string, form?: Record<string, string>): Promise<HttpAnswer<Body>>
  stop(): Promise<void>
}

const dirs: string[] = []
const running: Generation[] = []
afterEach(async () => {
  for (const generation of running.splice(0)) await generation.stop()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const quiet: Logger = { info() {}, warn() {}, error() {} }

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-gms-restart-'))
  dirs.push(dir)
  const clock = new VirtualClock()
  const ids = new SequentialIdSource()
  return {
    clock,
    async start(): Promise<Generation> {
      const testEngine = createTestEngine({
        databasePath: join(dir, 'switchboard.db'),
        clock,
        ids,
        idle: { enabled: false },
      })
      testEngine.engine.restore()
      const listener = await startGmsListener({
        engine: testEngine.engine,
        clock,
        host: '127.0.0.1',
        port: 0,
        services: {
          'request-chat': { ...DEFAULT_SERVICES['request-chat']!, ttlSeconds: TTL_SECONDS },
        },
        flexDisconnectTimeoutSeconds: 45,
        logger: quiet,
        customers: new GmsCustomerRepository(testEngine.db, testEngine.persistence),
      })
      let isStopped = false
      const generation: Generation = {
        testEngine,
        listener,
        post: (path, form = {}) => postForm(`${listener.url}${path}`, form, {}),
        async stop() {
          if (isStopped) return
          isStopped = true
          await listener.close()
          await testEngine.close()
        },
      }
      running.push(generation)
      return generation
    },
  }
}

async function startV1Chat(server: Generation): Promise<string> {
  const created = await server.post<{ _id: string }>('/genesys/1/service/request-chat')
  const started = await server.post(chatPath(created.body._id), { userDisplayName: 'Ann' })
  expect(started.status).toBe(200)
  return created.body._id
}

function customerOf(server: Generation, sessionId: string) {
  const summary = server.testEngine.engine.getSession(sessionId, 'supervisor')
  return summary?.parties.find((party) => party.type === 'CLIENT')
}

describe('GMS customers after a restart', () => {
  it('a v1 customer refreshes with its old service id and goes on from its position', async () => {
    const { start } = setUp()
    const first = await start()
    const serviceId = await startV1Chat(first)
    await first.post(`${chatPath(serviceId)}/send`, { message: 'before the restart' })
    const seen = await first.post(`${chatPath(serviceId)}/refresh`)
    await first.stop()

    const second = await start()
    const refreshed = await second.post(`${chatPath(serviceId)}/refresh`, {
      message: 'after the restart',
      transcriptPosition: String(seen.body.transcriptPosition),
    })
    expect(refreshed.status).toBe(200)
    expect(refreshed.body.chatIxnState).toBe('TRANSCRIPT')
    expect(refreshed.body.chatSessionId).toBe(seen.body.chatSessionId)
    expect(refreshed.body.transcriptToShow.map((entry) => entry[2])).toEqual(['after the restart'])
    expect(refreshed.body.transcriptPosition).toBe(seen.body.transcriptPosition + 1)
  })

  it('a v1 service waiting for its chat starts it after a restart and keeps its time to live', async () => {
    const { start, clock } = setUp()
    const first = await start()
    const created = await first.post<{ _id: string }>('/genesys/1/service/request-chat')
    clock.advanceBy(seconds(100))
    await first.stop()

    const second = await start()
    clock.advanceBy(seconds(TTL_SECONDS - 101))
    const started = await second.post(chatPath(created.body._id), { userDisplayName: 'Ann' })
    expect(started.status).toBe(200)
    expect(started.body.chatIxnState).toBe('TRANSCRIPT')

    const pending = await second.post<{ _id: string }>('/genesys/1/service/request-chat')
    await second.stop()
    const third = await start()
    clock.advanceBy(seconds(TTL_SECONDS))
    const expired = await third.post(chatPath(pending.body._id), { userDisplayName: 'Bo' })
    expect(expired.status).toBe(404)
  })

  it('a v2 customer refreshes and sends with its old chatId and secureKey', async () => {
    const { start } = setUp()
    const first = await start()
    const requested = await first.post<V2Answer>('/genesys/2/chat/request-chat/', {
      nickname: 'Ann',
      text: 'hello',
    })
    const chat = requested.body
    await first.stop()

    const second = await start()
    const credentials = { secureKey: chat.secureKey, userId: chat.userId, alias: chat.alias }
    const path = `/genesys/2/chat/request-chat/${chat.chatId}`
    const sent = await second.post<V2Answer>(`${path}/send`, { ...credentials, message: 'back' })
    expect(sent.body.statusCode).toBe(0)
    const refreshed = await second.post<V2Answer>(`${path}/refresh`, {
      ...credentials,
      transcriptPosition: String(chat.nextPosition),
    })
    expect(refreshed.body).toMatchObject({ statusCode: 0, chatId: chat.chatId, chatEnded: false })
    expect(refreshed.body.messages.map((message) => message.text)).toEqual(['back'])

    const wrongKey = await second.post<V2Answer>(`${path}/refresh`, { secureKey: '0'.repeat(16) })
    expect(wrongKey.body.statusCode).toBe(2)
  })

  it('stores a service through the group commit, and answers 503 StorageFull when it cannot', async () => {
    const { start } = setUp()
    const server = await start()
    const { persistence } = server.testEngine
    const storedServices = () =>
      server.testEngine.db.prepare('SELECT count(*) FROM gms_services').pluck().get()
    const committedBefore = persistence.stats.items
    const created = await server.post<{ _id: string }>('/genesys/1/service/request-chat')
    expect(created.status).toBe(200)
    // One writer for every row: a GMS write never waits on the writer thread's lock.
    expect(persistence.stats.items).toBe(committedBefore + 1)
    expect(storedServices()).toBe(1)

    vi.spyOn(WriteRunner.prototype, 'run').mockImplementation(() => {
      throw new Database.SqliteError('injected SQLITE_FULL', 'SQLITE_FULL')
    })
    const refused = await server.post('/genesys/1/service/request-chat')
    vi.restoreAllMocks()
    expect(refused.status).toBe(503)
    expect(refused.body).toMatchObject({ exception: 'StorageFull' })
    expect(storedServices()).toBe(1)
  })

  it('keeps no v2 credentials of a closed chat', async () => {
    const { start } = setUp()
    const server = await start()
    const chat = (await server.post<V2Answer>('/genesys/2/chat/request-chat/', { nickname: 'Ann' }))
      .body
    const stored = () =>
      server.testEngine.db.prepare('SELECT count(*) FROM gms_v2_chats').pluck().get()
    expect(stored()).toBe(1)
    await server.post(`/genesys/2/chat/request-chat/${chat.chatId}/disconnect`, {
      secureKey: chat.secureKey,
    })
    expect(server.testEngine.engine.getSession(chat.chatId, 'supervisor')?.state).toBe('closed')
    // Removed with the store's next commit (a row left by a crash is dropped on restart).
    await server.testEngine.persistence.flush()
    expect(stored()).toBe(0)
  })

  it('removes a restored v1 and v2 customer who never comes back (protocol inactivity)', async () => {
    const { start, clock } = setUp()
    const first = await start()
    const serviceId = await startV1Chat(first)
    const v1Session = (await first.post(`${chatPath(serviceId)}/refresh`)).body.chatSessionId
    const v2Chat = (await first.post<V2Answer>('/genesys/2/chat/request-chat/', { nickname: 'Bo' }))
      .body
    clock.advanceBy(seconds(30))
    await first.stop()

    const second = await start()
    // The watch counts from the restart, as the restored sessions' idle timers do.
    await second.testEngine.advance(seconds(44))
    expect(customerOf(second, v1Session)?.isPresent).toBe(true)
    expect(customerOf(second, v2Chat.chatId)?.isPresent).toBe(true)
    await second.testEngine.advance(seconds(1))
    for (const sessionId of [v1Session, v2Chat.chatId]) {
      expect(customerOf(second, sessionId)?.isPresent).toBe(false)
      const left = second.testEngine.engine
        .readTranscript(sessionId, 'supervisor')
        .events.find((event) => event.type === 'party-left')
      expect(left).toMatchObject({ reasonCode: REASON_CODES.protocolInactivity })
    }
  })

  it('keeps a restored customer who polls', async () => {
    const { start } = setUp()
    const first = await start()
    const serviceId = await startV1Chat(first)
    const sessionId = (await first.post(`${chatPath(serviceId)}/refresh`)).body.chatSessionId
    await first.stop()

    const second = await start()
    await second.testEngine.advance(seconds(40))
    await second.post(`${chatPath(serviceId)}/refresh`)
    await second.testEngine.advance(seconds(40))
    expect(customerOf(second, sessionId)?.isPresent).toBe(true)
  })
})
