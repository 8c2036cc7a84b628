/**
 * `startServer`'s one list of closers: a start that fails half-way closes what it had opened
 * (data directory lock, store, WAL worker, clock, listeners), so the same directory and port
 * serve again at once; a normal stop closes the same things.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../src-main/logging'
import { startServer, type ServerOptions } from '../../src-main/server'
import { DataDirLockedError, LOCK_FILE_NAME } from '../../src-main/store'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-server-start-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

async function occupiedPort(): Promise<number> {
  const blocker: Server = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())))
  return (blocker.address() as { port: number }).port
}

const options = (dir: string, overrides: Partial<ServerOptions> = {}): ServerOptions => ({
  dataDir: dir,
  host: '127.0.0.1',
  gmsPort: 0,
  espPort: 0,
  consolePort: null,
  logger: silentLogger,
  ...overrides,
})

describe('startServer', () => {
  it('refuses a second server on the same data directory, naming it and the holder', async () => {
    const dir = dataDir()
    const first = await startServer(options(dir))
    cleanups.push(() => first.close())
    const second = startServer(options(dir))
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError)
    await expect(second).rejects.toThrow(
      `data directory ${dir} is in use by another Switchboard (pid ${process.pid})`,
    )
  })

  it('unwinds a start that fails half-way: the directory is free again, the store closed', async () => {
    const dir = dataDir()
    const gmsPort = await occupiedPort()
    await expect(startServer(options(dir, { gmsPort }))).rejects.toThrow(
      /GMS customer API cannot start: port \d+ .* is in use/,
    )
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false)
    // SQLite removes the WAL once the last connection (the store and its worker) has closed.
    expect(existsSync(join(dir, 'switchboard.db-wal'))).toBe(false)
    const server = await startServer(options(dir))
    await server.close()
  })

  it('closes everything on stop, and a second stop waits for the same close', async () => {
    const dir = dataDir()
    const server = await startServer(options(dir))
    await Promise.all([server.close(), server.close()])
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false)
    expect(existsSync(join(dir, 'switchboard.db-wal'))).toBe(false)
  })
})
