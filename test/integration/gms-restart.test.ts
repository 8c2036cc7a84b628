/**
 * GMS customers across a restart of the built `switchboard serve` (docs/gms.md, "After a
 * restart"): a v1 and a v2 chat, stopped with SIGTERM or killed with SIGKILL, then the same
 * customers go on from where they were on a new process over the same data directory. The
 * CometD clients are the real CometD JavaScript client, left to re-handshake by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CometD, type Message } from 'cometd'
import { adapt } from 'cometd-nodejs-client'
import { afterEach, describe, expect, it } from 'vitest'
import { exited, startServerProcess, type ServerProcess } from '../helpers/server-process'

adapt()

interface Answer<Body> {
  status: number
  body: Body
}

interface V1Chat {
  chatSessionId: string
  transcriptPosition: number
  chatIxnState: string
  transcriptToShow: string[][]
}

interface V2Chat {
  statusCode: number
  chatId: string
  userId: string
  secureKey: string
  alias: string
  nextPosition: number
  chatEnded: boolean
  messages: { type: string; text?: string; index: number }[]
}

const servers: ServerProcess[] = []
const clients: CometD[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const cometd of clients.splice(0)) {
    if (!cometd.isDisconnected()) cometd.disconnect()
  }
  for (const server of servers.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL')
      await exited(server.child)
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function serve(dataDir: string, gmsPort = 0): Promise<ServerProcess> {
  const server = await startServerProcess(dataDir, ['--gms-port', String(gmsPort)])
  servers.push(server)
  return server
}

async function stop(server: ServerProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  server.child.kill(signal)
  await exited(server.child)
}

async function post<Body = Record<string, unknown>>(
  server: ServerProcess,
  path: string,
  form: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<Answer<Body>> {
  const response = await fetch(`${server.ready.gms}${path}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(form),
  })
  return { status: response.status, body: (await response.json()) as Body }
}

const chatPath = (serviceId: string) => `/genesys/1/service/${serviceId}/ixn/chat`
const v2Path = (chat: V2Chat, operation: string) =>
  `/genesys/2/chat/request-chat/${chat.chatId}/${operation}`
const credentials = (chat: V2Chat) => ({
  secureKey: chat.secureKey,
  userId: chat.userId,
  alias: chat.alias,
})

/** A poll customer's v1 chat with two messages; the service id and the chat so far. */
async function startV1Chat(server: ServerProcess): Promise<{ serviceId: string; chat: V1Chat }> {
  const created = await post<{ _id: string }>(server, '/genesys/1/service/request-chat')
  await post(server, chatPath(created.body._id), { userDisplayName: 'Ann' })
  for (const message of ['one', 'two']) {
    await post(server, `${chatPath(created.body._id)}/send`, { message })
  }
  const chat = await post<V1Chat>(server, `${chatPath(created.body._id)}/refresh`)
  return { serviceId: created.body._id, chat: chat.body }
}

async function startV2Chat(server: ServerProcess): Promise<V2Chat> {
  const requested = await post<V2Chat>(server, '/genesys/2/chat/request-chat/', {
    nickname: 'Bo',
    text: 'hello',
  })
  expect(requested.body.statusCode).toBe(0)
  return requested.body
}

/**
 * A CometD client as Genesys' samples write one: what it needs on the server (a subscription, a
 * `requestNotifications`) is done in its `/meta/handshake` listener, so it is done again when
 * the client re-handshakes after the server came back.
 */
function cometdCustomer(
  server: ServerProcess,
  gmsUser: string | undefined,
  onHandshake: (cometd: CometD) => void,
) {
  const cometd = new CometD()
  clients.push(cometd)
  cometd.websocketEnabled = false
  cometd.configure({
    url: `${server.ready.gms}/genesys/cometd`,
    logLevel: 'warn',
    requestHeaders: gmsUser === undefined ? {} : { gms_user: gmsUser },
  })
  const received: Message[] = []
  let handshakes = 0
  const waiters: (() => void)[] = []
  const wake = () => {
    for (const waiter of waiters.splice(0)) waiter()
  }
  cometd.addListener('/meta/handshake', (message) => {
    if (!message.successful) return
    handshakes += 1
    onHandshake(cometd)
    wake()
  })
  const collect = (message: Message) => {
    received.push(message)
    wake()
  }
  cometd.handshake()
  const until = async (isDone: () => boolean) => {
    while (!isDone()) await new Promise<void>((resolve) => waiters.push(resolve))
  }
  return { cometd, received, collect, until, handshakes: () => handshakes }
}

const textsOf = (messages: Message[], pick: (data: unknown) => string[]) =>
  messages.flatMap((message) => pick(message.data))

describe('GMS customers across a restart of switchboard serve', () => {
  it('after SIGTERM: poll and CometD customers of v1 and v2 go on from where they were', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-gms-restart-'))
    dirs.push(dataDir)
    const first = await serve(dataDir)
    const gmsPort = Number(new URL(first.ready.gms).port)

    const poll = await startV1Chat(first)
    const v2 = await startV2Chat(first)

    // A v1 comet customer: subscribes to /_genesys on every handshake, then starts its chat.
    const v1Comet = cometdCustomer(first, 'user-carl', (cometd) =>
      cometd.subscribe('/_genesys', (message) => v1Comet.collect(message)),
    )
    await v1Comet.until(() => v1Comet.handshakes() === 1)
    const cometService = await post<{ _id: string }>(first, '/genesys/1/service/request-chat')
    await post(
      first,
      chatPath(cometService.body._id),
      { userDisplayName: 'Carl', notify_by: 'comet' },
      { gms_user: 'user-carl' },
    )
    await post(first, `${chatPath(cometService.body._id)}/send`, { message: 'carl before' })
    const v1Texts = () =>
      textsOf(v1Comet.received, (data) =>
        (data as { message: V1Chat }).message.transcriptToShow.map((entry) => entry[2]!),
      )
    await v1Comet.until(() => v1Texts().includes('carl before'))

    // A v2 CometD customer attached with requestNotifications on every handshake.
    let v2Next = v2.nextPosition
    const v2Comet = cometdCustomer(first, undefined, (cometd) => {
      cometd.publish('/service/chatV2/request-chat', {
        operation: 'requestNotifications',
        ...credentials(v2),
        transcriptPosition: v2Next,
      })
    })
    const v2Texts = () =>
      textsOf(v2Comet.received, (data) =>
        (data as V2Chat).messages.flatMap((message) => {
          v2Next = Math.max(v2Next, message.index + 1)
          return message.text === undefined ? [] : [message.text]
        }),
      )
    // A listener outlives re-handshakes; only what the server holds must be asked for again.
    v2Comet.cometd.addListener('/service/chatV2/request-chat', (message) =>
      v2Comet.collect(message),
    )
    // Attached once the reply to requestNotifications (no messages: nothing missed) is in.
    const v2Replies = () =>
      v2Comet.received.filter((message) => (message.data as V2Chat).messages.length === 0).length
    await v2Comet.until(() => v2Replies() === 1)
    await post(first, v2Path(v2, 'send'), { ...credentials(v2), message: 'bo before' })
    await v2Comet.until(() => v2Texts().includes('bo before'))

    await stop(first, 'SIGTERM')
    const second = await serve(dataDir, gmsPort)

    // v1 poll: the old service id, from the old position.
    const refreshed = await post<V1Chat>(second, `${chatPath(poll.serviceId)}/refresh`, {
      transcriptPosition: String(poll.chat.transcriptPosition),
      message: 'three',
    })
    expect(refreshed.status).toBe(200)
    expect(refreshed.body.chatSessionId).toBe(poll.chat.chatSessionId)
    expect(refreshed.body.transcriptToShow.map((entry) => entry[2])).toEqual(['three'])
    expect(refreshed.body.transcriptPosition).toBe(poll.chat.transcriptPosition + 1)

    // The CometD clients re-handshake by themselves and are notified of what comes next.
    await v1Comet.until(() => v1Comet.handshakes() === 2)
    await v2Comet.until(() => v2Comet.handshakes() === 2 && v2Replies() === 2)
    await post(second, `${chatPath(cometService.body._id)}/send`, { message: 'carl after' })
    await v1Comet.until(() => v1Texts().includes('carl after'))
    expect(v1Texts().filter((text) => text === 'carl before')).toHaveLength(1)
    const send = await post<V2Chat>(second, v2Path(v2, 'send'), {
      ...credentials(v2),
      message: 'bo after',
    })
    expect(send.body.statusCode).toBe(0)
    await v2Comet.until(() => v2Texts().includes('bo after'))
    expect(v2Texts().filter((text) => text === 'bo before')).toHaveLength(1)
  }, 60_000)

  it('after SIGKILL: a v1 and a v2 poll customer refresh with their old ids', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-gms-restart-'))
    dirs.push(dataDir)
    const first = await serve(dataDir)
    const poll = await startV1Chat(first)
    const v2 = await startV2Chat(first)
    const pending = await post<{ _id: string }>(first, '/genesys/1/service/request-chat')

    await stop(first, 'SIGKILL')
    const second = await serve(dataDir)

    const refreshed = await post<V1Chat>(second, `${chatPath(poll.serviceId)}/refresh`, {
      transcriptPosition: String(poll.chat.transcriptPosition),
    })
    expect(refreshed.status).toBe(200)
    expect(refreshed.body).toMatchObject({
      chatIxnState: 'TRANSCRIPT',
      chatSessionId: poll.chat.chatSessionId,
      transcriptPosition: poll.chat.transcriptPosition,
      transcriptToShow: [],
    })
    const v2Refreshed = await post<V2Chat>(second, v2Path(v2, 'refresh'), {
      ...credentials(v2),
      transcriptPosition: '1',
    })
    expect(v2Refreshed.body).toMatchObject({ statusCode: 0, chatId: v2.chatId, chatEnded: false })
    expect(v2Refreshed.body.messages.map((message) => message.text)).toContain('hello')
    const started = await post<V1Chat>(second, chatPath(pending.body._id), { firstName: 'Dee' })
    expect(started.status).toBe(200)
    expect(started.body.chatIxnState).toBe('TRANSCRIPT')
    await stop(second, 'SIGTERM')
  }, 60_000)
})
