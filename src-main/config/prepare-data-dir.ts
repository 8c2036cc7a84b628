/**
 * Makes sure the data directory can hold the store before anything opens it (README.md, "Data
 * directory and configuration"; docs/limits.md, "Storage"): it is created if missing, and a
 * directory that cannot be used stops start-up with a message naming the path and the reason.
 */
import { closeSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs'
import { dirname, join, resolve, sep } from 'node:path'

/** Start-up cannot use the data directory; the message names the path and the reason. */
export class DataDirError extends Error {
  override readonly name = 'DataDirError'
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`The data directory ${path} cannot be used: ${reason}`)
  }
}

/** Kernel file systems that look like folders but can never hold a database. */
const VIRTUAL_ROOTS = ['/proc', '/sys']

/** A sentence for the errors a user can fix, with the code for the others. */
const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'it is on a read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'the path has a symbolic link loop',
}

function reasonOf(error: unknown, doing: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const sentence = code === undefined ? undefined : REASONS[code]
  const detail = sentence ?? (error instanceof Error ? error.message : String(error))
  return `${doing}: ${detail}${sentence && code ? ` (${code})` : ''}`
}

function isUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}${sep}`)
}

/** The nearest existing ancestor of `path` (or `path` itself), and the levels missing below it. */
function missingLevels(path: string): string[] {
  const missing: string[] = []
  let current = path
  while (statSync(current, { throwIfNoEntry: false }) === undefined) {
    missing.unshift(current)
    const parent = dirname(current)
    if (parent === current) break
    current = parent
  }
  return missing
}

/**
 * Creates `dataDir` if needed and checks that a file can be written in it.
 *
 * Node's recursive `mkdir` loops for ever under `/proc` (procfs answers `ENOENT` for a folder
 * that it just failed to create), so the missing levels are created one at a time: every step
 * either succeeds or fails with a reason.
 *
 * @throws DataDirError naming the path and the reason
 */
export function prepareDataDir(dataDir: string): void {
  const path = resolve(dataDir)
  if (process.platform === 'linux' && VIRTUAL_ROOTS.some((root) => isUnder(path, root))) {
    throw new DataDirError(path, 'it is under /proc or /sys, which cannot hold files')
  }
  let levels: string[]
  try {
    levels = missingLevels(path)
  } catch (error) {
    throw new DataDirError(path, reasonOf(error, 'the path cannot be looked up'))
  }
  for (const level of levels) {
    try {
      mkdirSync(level)
    } catch (error) {
      throw new DataDirError(path, reasonOf(error, `the folder ${level} cannot be created`))
    }
  }
  if (!statSync(path).isDirectory()) throw new DataDirError(path, 'it is a file, not a folder')
  // Writing is the only reliable check: access() says yes to root on a read-only mount's files.
  const probe = join(path, `.switchboard-write-check-${process.pid}`)
  try {
    closeSync(openSync(probe, 'w'))
  } catch (error) {
    throw new DataDirError(path, reasonOf(error, 'no file can be written in it'))
  }
  rmSync(probe, { force: true })
}
