/**
 * One data directory, one process: a lock file holding the pid of the Switchboard that uses the
 * directory. A second `serve` (or window) on the same directory stops at start instead of
 * sharing the database, whose writes would then fail with `UNIQUE constraint failed`.
 *
 * Why a pid file rather than SQLite's locking: the WAL checkpoint worker needs its own
 * connection, which `locking_mode = EXCLUSIVE` would shut out. A lock left by a process that no
 * longer runs (a crash, `kill -9`) is stale and taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'

/** The lock file's name inside the data directory. */
export const LOCK_FILE_NAME = 'switchboard.lock'

/** The data directory is held by another running process. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError'
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(`data directory ${dataDir} is in use by another Switchboard (pid ${holderPid})`)
  }
}

/** Lock files this process holds: a second server in the same process is refused too. */
const heldHere = new Set<string>()

export interface DataDirLock {
  /** Removes the lock file if it is still this process's. Idempotent. */
  release(): void
}

/** True when a process with this pid runs (one we may not signal runs too). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readHolder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/**
 * Takes the lock of `dataDir` (which must exist) for this process.
 *
 * @throws DataDirLockedError when another running process holds it.
 */
export function lockDataDir(dataDir: string, pid: number = process.pid): DataDirLock {
  const path = join(dataDir, LOCK_FILE_NAME)
  // Two tries: the second after removing a stale lock (its holder is gone).
  for (let attempt = 0; attempt < 2; attempt += 1) {
    let fd: number
    try {
      fd = openSync(path, 'wx')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = readHolder(path)
      const isHeld = holder === pid ? heldHere.has(path) : holder !== undefined && isRunning(holder)
      if (isHeld) throw new DataDirLockedError(dataDir, holder!)
      unlinkSync(path)
      continue
    }
    try {
      writeSync(fd, `${pid}\n`)
    } finally {
      closeSync(fd)
    }
    heldHere.add(path)
    let isReleased = false
    return {
      release() {
        if (isReleased) return
        isReleased = true
        heldHere.delete(path)
        if (readHolder(path) === pid) unlinkSync(path)
      },
    }
  }
  // Someone took the stale lock between our two tries: it runs, so it holds the directory.
  throw new DataDirLockedError(dataDir, readHolder(path) ?? 0)
}
