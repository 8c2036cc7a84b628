import type { SessionSummary } from '../../../src-shared/domain'
import { describe, expect, it } from 'vitest'
import { CONSOLE_PUSH_CHANNEL, type ConsolePush } from '../../../src-shared/console-api'
import {
  ConsoleWindowSessions,
  isDocumentReplaced,
  type PushTarget,
  type WindowConsoleSession,
} from '../../../src-main/electron/console-window-sessions'
import { silentLogger } from '../../../src-main/logging'

/** A push's summary: these tests look at routing, not at its content. */
const PUSHED_SUMMARY = {} as SessionSummary

const PUSH: ConsolePush = {
  push: 'session-list-changed',
  summary: PUSHED_SUMMARY,
  sessionId: 'k3V8qZ0bT1mR7xYc',
  state: 'queued',
  change: 'created',
}

class FakeSession implements WindowConsoleSession {
  listeners = new Set<(push: ConsolePush) => void>()
  isClosed = false
  call = async () => ({ result: { users: [] } })
  subscribe(listener: (push: ConsolePush) => void) {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  async close() {
    this.isClosed = true
  }
  emit(push: ConsolePush) {
    for (const listener of this.listeners) listener(push)
  }
}

function fakeContents(id: number): PushTarget & { sent: unknown[][]; isGone: boolean } {
  const contents = {
    id,
    sent: [] as unknown[][],
    isGone: false,
    isDestroyed: () => contents.isGone,
    send: (...args: unknown[]) => contents.sent.push(args),
  }
  return contents
}

function setUp() {
  const opened: FakeSession[] = []
  const sessions = new ConsoleWindowSessions(() => {
    const session = new FakeSession()
    opened.push(session)
    return session
  }, silentLogger)
  return { sessions, opened }
}

describe('ConsoleWindowSessions', () => {
  it('opens one session per window and reuses it for later calls', () => {
    const { sessions, opened } = setUp()
    const first = fakeContents(1)
    expect(sessions.sessionFor(first)).toBe(sessions.sessionFor(first))
    sessions.sessionFor(fakeContents(2))
    expect(opened).toHaveLength(2)
  })

  it("forwards the session's pushes to its window on the push channel", () => {
    const { sessions, opened } = setUp()
    const contents = fakeContents(1)
    sessions.sessionFor(contents)
    opened[0]?.emit(PUSH)
    expect(contents.sent).toEqual([[CONSOLE_PUSH_CHANNEL, PUSH]])
  })

  it('sends nothing to a destroyed window', () => {
    const { sessions, opened } = setUp()
    const contents = fakeContents(1)
    sessions.sessionFor(contents)
    contents.isGone = true
    opened[0]?.emit(PUSH)
    expect(contents.sent).toEqual([])
  })

  it('closes the session of a reloaded page and opens a fresh one on the next call', () => {
    const { sessions, opened } = setUp()
    const contents = fakeContents(1)
    const before = sessions.sessionFor(contents)
    sessions.release(1)
    expect(opened[0]?.isClosed).toBe(true)
    expect(opened[0]?.listeners.size).toBe(0)
    expect(sessions.sessionFor(contents)).not.toBe(before)
  })

  it('closes every session on quit', async () => {
    const { sessions, opened } = setUp()
    sessions.sessionFor(fakeContents(1))
    sessions.sessionFor(fakeContents(2))
    await sessions.closeAll()
    expect(opened.map((session) => session.isClosed)).toEqual([true, true])
    expect(sessions.has(1)).toBe(false)
  })
})

describe('isDocumentReplaced', () => {
  it('is true for a reload or navigation of the main frame only', () => {
    expect(isDocumentReplaced({ isMainFrame: true, isSameDocument: false })).toBe(true)
    expect(isDocumentReplaced({ isMainFrame: true, isSameDocument: true })).toBe(false)
    expect(isDocumentReplaced({ isMainFrame: false, isSameDocument: false })).toBe(false)
  })
})
