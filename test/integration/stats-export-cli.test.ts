import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createSessionOver, exited, runCli, startServerProcess } from '../helpers/server-process'

function switchboard(args: string[]) {
  return runCli([...args])
}

const dirs: string[] = []
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

describe('switchboard stats and export on a data directory', () => {
  it('read the same store while serve runs on it and after it stopped', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-stats-'))
    dirs.push(dataDir)
    const server = await startServerProcess(dataDir)
    let sessionId: string
    try {
      sessionId = await createSessionOver(server.ready.esp, { FirstName: 'Ann' })
      await createSessionOver(server.ready.esp)
      const running = await switchboard(['stats', '--data-dir', dataDir, '--json'])
      expect(running.code).toBe(0)
      expect(JSON.parse(running.stdout)).toMatchObject({ offered: 2, queued: 2, answered: 0 })
    } finally {
      server.child.kill('SIGTERM')
      await exited(server.child)
    }
    const stopped = await switchboard(['stats', '--data-dir', dataDir, '--since', '1h', '--json'])
    expect(JSON.parse(stopped.stdout)).toMatchObject({ offered: 2, queued: 2 })

    const exported = await switchboard([
      'export',
      sessionId,
      '--data-dir',
      dataDir,
      '--audience',
      'customer',
      '--format',
      'json',
    ])
    expect(exported.code).toBe(0)
    const document = JSON.parse(exported.stdout) as { session: { sessionId: string } }
    expect(document.session.sessionId).toBe(sessionId)
  })

  it('says clearly when the data directory has no database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-stats-'))
    dirs.push(dataDir)
    const result = await switchboard(['stats', '--data-dir', dataDir])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`No switchboard.db in ${dataDir}`)
  })
})
