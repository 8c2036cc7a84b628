/**
 * A really full disk (docs/limits.md, "Storage"): the store lives on a small tmpfs that a filler file
 * fills up. Mounting needs root; elsewhere (CI as a plain user) the test is skipped, and the
 * same behaviour is covered with injected faults in test/main/engine/commit-then-apply.test.ts.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EngineError } from '../../src-main/engine/engine-error'
import { DATABASE_FILE_NAME } from '../../src-main/store'
import { createTestEngine, startActiveChat, transcript, type TestEngine } from '../helpers/engine'

const mountPoint = mkdtempSync(join(tmpdir(), 'switchboard-disk-full-'))

function tryMount(): boolean {
  if (process.getuid?.() !== 0) return false
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint], {
      stdio: 'ignore',
    })
    return true
  } catch {
    return false
  }
}

const isMounted = tryMount()

/** Writes `path` until the disk refuses another byte. */
function fillDisk(path: string): void {
  const fd = openSync(path, 'w')
  const chunk = Buffer.alloc(16 * 1024, 1)
  try {
    for (;;) writeSync(fd, chunk)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  } finally {
    closeSync(fd)
  }
}

describe.skipIf(!isMounted)('a full disk under a real store', () => {
  let test: TestEngine
  beforeAll(() => {
    test = createTestEngine({ databasePath: join(mountPoint, DATABASE_FILE_NAME) })
  })
  afterAll(async () => {
    await test?.close()
    execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' })
    rmSync(mountPoint, { recursive: true, force: true })
  })

  it('answers storage-full, changes nothing, keeps reads, and writes again once space is freed', async () => {
    const { engine } = test
    const chat = await startActiveChat(engine)
    const filler = join(mountPoint, 'filler')
    fillDisk(filler)

    // The WAL may still have room in pages it already holds: write until the disk says no.
    const text = 'x'.repeat(4000)
    let refusal: unknown
    for (let attempt = 0; attempt < 500 && refusal === undefined; attempt += 1) {
      await engine
        .send(chat.sessionId, { partyId: chat.agentPartyId, content: { kind: 'message', text } })
        .catch((error: unknown) => (refusal = error))
    }
    expect(refusal).toBeInstanceOf(EngineError)
    expect(refusal).toMatchObject({ code: 'storage-full' })

    // Memory agrees with the store, and reads still work.
    const stored = test.persistence.loadSession(chat.sessionId)!.session
    expect(engine.getSession(chat.sessionId, 'supervisor')?.lastEventId).toBe(stored.lastEventId)
    const ids = transcript(engine, chat.sessionId, 'supervisor').map((event) => event.eventId)
    expect(ids).toEqual(Array.from({ length: stored.lastEventId }, (_, index) => index + 1))

    rmSync(filler)
    const { eventIds } = await engine.send(chat.sessionId, {
      partyId: chat.agentPartyId,
      content: { kind: 'message', text: 'space again' },
    })
    expect(eventIds).toEqual([stored.lastEventId + 1])
  })
})
