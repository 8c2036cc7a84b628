import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openDatabase } from '../../../src-main/store'
import { startWalCheckpointer } from '../../../src-main/store/wal-checkpointer'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function freshDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-wal-'))
  dirs.push(dir)
  const path = join(dir, 'switchboard.db')
  return { path, db: openDatabase(path, { synchronous: 'NORMAL' }) }
}

describe('WAL checkpointer', () => {
  it('turns off the writer’s own checkpoints while it runs, and back on when stopped', () => {
    const { path, db } = freshDatabase()
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 20 })
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    checkpointer.stop()
    checkpointer.stop()
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    db.close()
  })

  it('lets go of the file before stop() settles, so the database can be removed or reopened', async () => {
    const { path, db } = freshDatabase()
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 20 })
    const sizeBefore = statSync(path).size
    db.exec('CREATE TABLE filler (text TEXT)')
    db.prepare('INSERT INTO filler VALUES (?)').run('x'.repeat(10_000))
    // Once the worker has checkpointed, its connection is surely open.
    await vi.waitFor(() => expect(statSync(path).size).toBeGreaterThan(sizeBefore), {
      timeout: 5000,
    })
    await checkpointer.stop()
    db.close()
    // SQLite removes the WAL when the last connection closes: only if the worker's went first.
    expect(existsSync(`${path}-wal`)).toBe(false)
  })

  it('logs a failed checkpoint and gives the checkpoints back to the writer', async () => {
    const { path, db } = freshDatabase()
    const warnings: unknown[][] = []
    const logger = { info() {}, error() {}, warn: (...args: unknown[]) => warnings.push(args) }
    // A directory, not a database: the worker cannot open it.
    const onFallBack = vi.fn()
    const checkpointer = startWalCheckpointer(db, join(path, '..'), {
      intervalMs: 20,
      logger,
      onFallBack,
    })
    await vi.waitFor(() => expect(warnings).toHaveLength(1), { timeout: 5000, interval: 20 })
    expect(warnings[0]?.[0]).toMatch(/WAL checkpoint failed: automatic checkpoints take over/)
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    // The store's writer thread, which commits the large batches, is told too.
    expect(onFallBack).toHaveBeenCalledTimes(1)
    await checkpointer.stop()
    db.close()
  })

  it('copies committed pages into the database file from its own thread', async () => {
    const { path, db } = freshDatabase()
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 20 })
    const sizeBefore = statSync(path).size
    db.exec('CREATE TABLE filler (text TEXT)')
    const insert = db.prepare('INSERT INTO filler VALUES (?)')
    db.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run('x'.repeat(1000))
    })()
    // The writer never checkpoints now, so only the worker can grow the main file.
    await vi.waitFor(() => expect(statSync(path).size).toBeGreaterThan(sizeBefore + 400_000), {
      timeout: 5000,
      interval: 20,
    })
    checkpointer.stop()
    db.close()
  })
})
