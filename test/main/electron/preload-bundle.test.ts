/**
 * The built preload (`out/preload/index.js`, from `npm run build`), run as Electron's sandbox
 * runs it: with a `require` that knows only 'electron', here a fake one, so the test sees
 * exactly what the page gets.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Script } from 'node:vm'
import { beforeAll, describe, expect, it } from 'vitest'
import { CONSOLE_METHOD_NAMES, CONSOLE_PUSH_CHANNEL } from '../../../src-shared/console-api'

const BUNDLE = join(__dirname, '../../../out/preload/index.js')

type Listener = (...args: unknown[]) => void

function loadPreload(source: string) {
  const exposed: [string, unknown][] = []
  const invoked: unknown[][] = []
  const listeners = new Map<string, Set<Listener>>()
  const ipcRenderer = {
    invoke: async (...args: unknown[]) => {
      invoked.push(args)
      return { result: {} }
    },
    on: (channel: string, listener: Listener) => {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener))
      return ipcRenderer
    },
    removeListener: (channel: string, listener: Listener) => {
      listeners.get(channel)?.delete(listener)
      return ipcRenderer
    },
    send: () => expect.fail('the preload never uses send'),
    sendSync: () => expect.fail('the preload never uses sendSync'),
  }
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push([key, api]) },
    ipcRenderer,
  }
  const sandboxRequire = (name: string) => {
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`)
    return electron
  }
  const run = new Script(`(function (require) {${source}\n})`, { filename: BUNDLE })
  ;(run.runInThisContext() as (require: (name: string) => unknown) => void)(sandboxRequire)
  return { exposed, invoked, listeners, ipcRenderer }
}

/** Every value reachable from `value`, to look for leaked objects. */
function reachable(value: unknown, seen = new Set<unknown>()): Set<unknown> {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return seen
  if (seen.has(value)) return seen
  seen.add(value)
  for (const member of Object.values(value)) reachable(member, seen)
  return seen
}

describe('the built preload bundle', () => {
  let source = ''
  beforeAll(() => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first`)
    source = readFileSync(BUNDLE, 'utf8')
  })

  it("requires nothing but 'electron' (a sandboxed preload can load nothing else)", () => {
    const required = [...source.matchAll(/\brequire\s*\(\s*([^)]*?)\s*\)/g)].map(
      (match) => match[1],
    )
    expect(required).toEqual(['"electron"'])
    expect(source).not.toMatch(/\bimport\s*\(/)
  })

  it('bundles no schema library: the contract it needs is names and types only', () => {
    // The params schemas stay in the main process, which validates every call anyway.
    expect(source).not.toMatch(/ZodError|zod/i)
    expect(source.length).toBeLessThan(16 * 1024)
  })

  it('carries every method name of the contract', () => {
    for (const name of CONSOLE_METHOD_NAMES) expect(source).toContain(name)
  })

  it('exposes window.switchboard.console, and neither ipcRenderer nor a generic invoke', () => {
    const { exposed, ipcRenderer } = loadPreload(source)
    expect(exposed.map(([key]) => key)).toEqual(['switchboard'])
    const api = exposed[0]?.[1] as { console: Record<string, unknown> }
    expect(Object.keys(api)).toEqual(['console'])
    const leaked = reachable(api)
    for (const member of [ipcRenderer, ipcRenderer.invoke, ipcRenderer.on, ipcRenderer.send]) {
      expect(leaked.has(member)).toBe(false)
    }
    const topLevel = Object.keys(api.console)
    expect(topLevel).not.toContain('invoke')
    expect(topLevel).not.toContain('send')
    expect(topLevel).not.toContain('on')
  })

  it('sends a named call on its own channel with its params only', async () => {
    const { exposed, invoked } = loadPreload(source)
    const api = exposed[0]?.[1] as {
      console: {
        signIn(params: unknown, extra?: unknown): Promise<unknown>
        testCustomer: { say(params: unknown): Promise<unknown> }
      }
    }
    await api.console.signIn({ userId: 'agent1' }, 'ignored')
    await api.console.testCustomer.say({ text: 'Hello' })
    expect(invoked).toEqual([
      ['console:signIn', { userId: 'agent1' }],
      ['console:testCustomer.say', { text: 'Hello' }],
    ])
  })

  it('hands a subscriber the push alone, and its unsubscribe function removes it', () => {
    const { exposed, listeners } = loadPreload(source)
    const api = exposed[0]?.[1] as {
      console: { onSessionListChanged(listener: (...args: unknown[]) => void): () => void }
    }
    const received: unknown[][] = []
    const unsubscribe = api.console.onSessionListChanged((...args) => received.push(args))
    const push = {
      push: 'session-list-changed',
      sessionId: 's',
      state: 'queued',
      change: 'created',
    }
    const event = { sender: 'the ipcRenderer' }
    for (const listener of listeners.get(CONSOLE_PUSH_CHANNEL) ?? []) listener(event, push)
    expect(received).toEqual([[push]])
    unsubscribe()
    expect(listeners.get(CONSOLE_PUSH_CHANNEL)?.size).toBe(0)
  })
})
