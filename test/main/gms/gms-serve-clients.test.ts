/**
 * Real customer clients against `switchboard serve` (the built CLI, `npm run build` first):
 * a Genesys Widgets-style v2 CometD client and an Android-sample-style v1 client (form calls,
 * a Bayeux client with `gms_user`, a strict decoder) each complete a whole chat: start, workflow
 * message, agent message, customer message, typing, idle alert, close. The workflow speaks ESP
 * through `switchboard esp`, the agent the console API over its WebSocket. The idle timers run
 * on the server's real clock, set to their 1-second minimum.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { CometD, type Message } from 'cometd'
import { adapt } from 'cometd-nodejs-client'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { CLI, startServerProcess, type ServerProcess } from '../../helpers/server-process'
import { decodeV2Strictly, type V2Answer } from './v2-test-kit'

adapt()

let server: ServerProcess | undefined
const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-gms-clients-'))
const cleanups: (() => Promise<void> | void)[] = []

beforeAll(async () => {
  server = await startServerProcess(dataDir)
})
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
afterAll(async () => {
  // The server may have failed to start (the app not built): nothing to stop then.
  const started = server
  if (started) {
    started.child.kill('SIGTERM')
    await new Promise((resolve) => started.child.once('exit', resolve))
  }
  rmSync(dataDir, { recursive: true, force: true })
})

function ready(): ServerProcess['ready'] {
  if (!server) throw new Error('switchboard serve did not start')
  return server.ready
}

/** What a strategy does, through `switchboard esp`. */
async function esp(method: string, sessionId: string, parameters: Record<string, string>) {
  const args = Object.entries(parameters).map(([key, value]) => `${key}=${value}`)
  const { stdout } = await promisify(execFile)(process.execPath, [
    CLI,
    'esp',
    method,
    '--session',
    sessionId,
    '--esp',
    ready().esp,
    ...args,
  ])
  expect(JSON.parse(stdout)).toMatchObject({ event: 'Event3rdServerResponse' })
}

/** An agent on the console's WebSocket API. */
async function consoleAgent() {
  const url = new URL(ready().console!)
  const socket = new WebSocket(`ws://${url.host}/console/ws${url.search}`, {
    origin: `http://${url.host}`,
  })
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
  cleanups.push(() => socket.close())
  let nextId = 1
  const call = (method: string, params: object) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++
      const onMessage = (raw: WebSocket.RawData) => {
        const reply = JSON.parse(String(raw)) as { id?: number; result?: unknown; error?: unknown }
        if (reply.id !== id) return
        socket.off('message', onMessage)
        if (reply.error) reject(new Error(JSON.stringify(reply.error)))
        else resolve(reply.result)
      }
      socket.on('message', onMessage)
      socket.send(JSON.stringify({ id, method, params }))
    })
  await call('signIn', { userId: 'agent1' })
  return call
}

async function configureQuickIdle(sessionId: string) {
  await esp('IdleControlConfigure', sessionId, {
    enabled: 'true',
    'timeout-alert': '1',
    'timeout-alert2': '0',
    'timeout-close': '1',
  })
}

describe('real customer clients against switchboard serve', () => {
  it('a Widgets-style v2 CometD client runs a whole chat to the idle close', async () => {
    const channel = '/service/chatV2/request-chat'
    const cometd = new CometD()
    cometd.websocketEnabled = false
    cometd.configure({ url: `${ready().gms}/genesys/cometd`, logLevel: 'warn' })
    cleanups.push(() => new Promise<void>((resolve) => cometd.disconnect(() => resolve())))
    const received: V2Answer[] = []
    cometd.addListener(channel, (message: Message) => received.push(decodeV2Strictly(message.data)))
    await new Promise((resolve) => cometd.handshake(resolve))
    const credentials = { chatId: '', alias: '', secureKey: '', userId: '' }
    cometd.publish(channel, { operation: 'requestChat', nickname: 'Wanda', ...credentials })
    await vi.waitFor(() => expect(received.length).toBeGreaterThan(0))
    const chat = received[0]!
    expect(chat.statusCode).toBe(0)
    const keys = {
      chatId: chat.chatId,
      alias: chat.alias,
      secureKey: chat.secureKey,
      userId: chat.userId,
    }

    await esp('Message', chat.chatId, { MessageText: 'An agent will be with you shortly' })
    const agent = await consoleAgent()
    await agent('accept', { sessionId: chat.chatId })
    await agent('sendMessage', { sessionId: chat.chatId, text: 'Hello Wanda' })
    cometd.publish(channel, { operation: 'startTyping', message: 'I', ...keys })
    cometd.publish(channel, { operation: 'sendMessage', message: 'I need help', ...keys })
    await configureQuickIdle(chat.chatId)

    const messages = () => received.flatMap((answer) => answer.messages)
    await vi.waitFor(
      () => expect(messages().some((message) => message.type === 'IdleClose')).toBe(true),
      { timeout: 8000 },
    )
    const types = messages().map((message) => `${message.type}:${message.text ?? ''}`)
    expect(types).toEqual(
      expect.arrayContaining([
        'Message:An agent will be with you shortly',
        'Message:Hello Wanda',
        'TypingStarted:I',
        'Message:I need help',
        'IdleAlert:Chat session will be closed soon due to inactivity of chat participants.',
        'IdleClose:Chat session closed due to inactivity of chat participants.',
      ]),
    )
    const indexes = messages().map((message) => message.index)
    expect(indexes).toEqual([...new Set(indexes)].sort((a, b) => a - b))
    await vi.waitFor(() => expect(received.at(-1)?.chatEnded).toBe(true), { timeout: 5000 })
  })

  it('an Android-sample-style v1 client runs a whole chat and reads the close', async () => {
    const gmsUser = 'android-device-1'
    const strictTypes = new Set(['AGENT', 'CLIENT', 'EXTERNAL', 'SUPERVISOR'])
    const entries: string[][] = []
    const cometd = new CometD()
    cometd.websocketEnabled = false
    cometd.configure({
      url: `${ready().gms}/genesys/cometd`,
      logLevel: 'warn',
      requestHeaders: { gms_user: gmsUser },
    })
    cleanups.push(() => new Promise<void>((resolve) => cometd.disconnect(() => resolve())))
    await new Promise((resolve) => cometd.handshake(resolve))
    const subscribed = await new Promise<Message>((resolve) =>
      cometd.subscribe(
        '/_genesys',
        ({ data }) => {
          for (const entry of data.message.transcriptToShow as string[][]) {
            // The sample's Gson enum: anything else throws and drops the whole notification.
            if (!strictTypes.has(entry[4]!)) throw new Error(`party type ${entry[4]}`)
            entries.push(entry)
          }
        },
        resolve,
      ),
    )
    expect(subscribed.successful).toBe(true)
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      headers: { gms_user: gmsUser },
      body: new URLSearchParams(fields),
    })
    const service = (await (
      await fetch(`${ready().gms}/genesys/1/service/request-chat`, form({ _verbose: 'True' }))
    ).json()) as { _id: string }
    const chatUrl = `${ready().gms}/genesys/1/service/${service._id}/ixn/chat`
    const started = (await (
      await fetch(chatUrl, form({ firstName: 'Andy', notify_by: 'comet', transcriptPosition: '0' }))
    ).json()) as { chatSessionId: string }
    const sessionId = started.chatSessionId

    await esp('Message', sessionId, { MessageText: 'Welcome' })
    const agent = await consoleAgent()
    await agent('accept', { sessionId })
    await agent('sendMessage', { sessionId, text: 'Hi Andy' })
    await fetch(`${chatUrl}/startTyping`, form({}))
    await fetch(`${chatUrl}/send`, form({ message: 'Thanks' }))
    await configureQuickIdle(sessionId)

    await vi.waitFor(
      () =>
        expect(entries.some((entry) => entry[0] === 'Notice.Left' && entry[1] === 'system')).toBe(
          true,
        ),
      { timeout: 8000 },
    )
    const shown = entries.map(([type, nickname, text]) => `${type}|${nickname}|${text}`)
    expect(shown).toEqual(
      expect.arrayContaining([
        'Message.Text|system|Welcome',
        'Message.Text|Alex Agent|Hi Andy',
        'Notice.TypingStarted|Andy|',
        'Message.Text|Andy|Thanks',
        'Message.Text|system|Chat session will be closed soon due to inactivity of chat participants.',
        'Message.Text|system|Chat session closed due to inactivity of chat participants.',
        'Notice.Left|system|has left the session',
      ]),
    )
    const last = (await (await fetch(`${chatUrl}/refresh`, form({}))).json()) as {
      chatIxnState: string
    }
    expect(last.chatIxnState).toBe('DISCONNECTED')
  })
})
