/**
 * Strategies under `startServer` as `switchboard serve` composes it: wall clock, a real
 * configuration file, a customer over HTTP.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src-main/logging'
import { startServer, type RunningServer } from '../../../src-main/server'
import { FormPoster } from '../../../src-main/harness/form-post'
import { FIXTURES } from './harness-kit'

const GREETING = join(__dirname, '..', '..', '..', 'resources', 'strategies', 'greeting.ts')
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function serve(strategies: string): Promise<{ server: RunningServer; gms: FormPoster }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-serve-strategies-'))
  const configFile = join(dataDir, 'config.yaml')
  writeFileSync(configFile, `strategies:\n${strategies}\n`)
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  const server = await startServer({
    dataDir,
    configFile,
    storePath: ':memory:',
    host: '127.0.0.1',
    gmsPort: 0,
    espPort: 0,
    consolePort: null,
    logger: silentLogger,
  })
  const gms = new FormPoster(server.ready.gms)
  cleanups.push(() => server.close())
  cleanups.push(() => gms.close())
  return { server, gms }
}

/** A customer starts a chat over GMS; resolves to its session id. */
async function startChat(gms: FormPoster, firstName: string): Promise<string> {
  const service = await gms.post('/genesys/1/service/request-chat', {})
  const serviceId = (service.body as { _id: string })._id
  const chat = await gms.post(`/genesys/1/service/${serviceId}/ixn/chat`, { firstName })
  return (chat.body as { chatSessionId: string }).chatSessionId
}

/** Waits (real time, polling the engine) until `condition` holds: this is the wall-clock path. */
async function eventually(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  expect(condition()).toBe(true)
}

describe('strategies under serve', () => {
  it('greet each new chat at their endpoint through the ESP endpoint', async () => {
    const { server, gms } = await serve(`  gms_builtin: ${GREETING}`)

    const sessionId = await startChat(gms, 'Ann')

    const texts = () =>
      server.engine
        .readTranscript(sessionId, 'customer')
        .events.map((event) => (event.type === 'message' ? event.text : event.type))
    await eventually(() => texts().includes('Hello Ann, thank you for contacting us.'))
  })

  it('keep the server running when one throws, and log its file and session', async () => {
    const { server, gms } = await serve(`  gms_builtin: ${join(FIXTURES, 'throws.ts')}`)
    const failures: string[] = []
    server.strategies.onFailure((failure) => failures.push(`${failure.file} ${failure.sessionId}`))

    const first = await startChat(gms, 'Ann')
    await eventually(() => failures.length === 1)
    const second = await startChat(gms, 'Bob')
    await eventually(() => failures.length === 2)

    expect(failures).toEqual([
      `${join(FIXTURES, 'throws.ts')} ${first}`,
      `${join(FIXTURES, 'throws.ts')} ${second}`,
    ])
    expect(server.engine.getSession(second, 'supervisor')?.state).toBe('queued')
  })

  // `switchboard serve` used to exit 1 on a CommonJS strategy ("exports no strategy function").
  it('start with a CommonJS strategy and run it', async () => {
    const { server, gms } = await serve(`  gms_builtin: ${join(FIXTURES, 'cjs-function.js')}`)

    const sessionId = await startChat(gms, 'Ann')

    const texts = () =>
      server.engine
        .readTranscript(sessionId, 'customer')
        .events.map((event) => (event.type === 'message' ? event.text : event.type))
    await eventually(() => texts().includes('from module.exports = function'))
  })

  it('give strategies the event feed on the wall clock too', async () => {
    const { server, gms } = await serve(`  gms_builtin: ${join(FIXTURES, 'echo-bot.ts')}`)
    const service = await gms.post('/genesys/1/service/request-chat', {})
    const path = `/genesys/1/service/${(service.body as { _id: string })._id}/ixn/chat`
    const chat = await gms.post(path, { firstName: 'Ann' })
    const sessionId = (chat.body as { chatSessionId: string }).chatSessionId

    await gms.post(`${path}/send`, { message: 'Hi there' })

    const texts = () =>
      server.engine
        .readTranscript(sessionId, 'customer')
        .events.map((event) => (event.type === 'message' ? event.text : event.type))
    await eventually(() => texts().includes('You said: Hi there (typing 0 time(s))'))
  })

  it('refuse to start with a strategy that cannot be loaded, naming it', async () => {
    await expect(serve(`  gms_builtin: ${join(FIXTURES, 'no-function.ts')}`)).rejects.toThrow(
      /no-function\.ts: exports no strategy function/,
    )
  })
})
