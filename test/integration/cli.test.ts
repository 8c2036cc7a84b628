import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createSessionOver,
  exited,
  runCli,
  type ServerProcess,
  startServerProcess,
} from '../helpers/server-process'

function switchboard(args: string[]) {
  return runCli([...args])
}

const temporaryDirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-cli-'))
  temporaryDirs.push(dir)
  return dir
}
afterAll(() => temporaryDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

describe('switchboard serve', () => {
  it('prints one JSON ready line with every listener and exits 0 on SIGTERM', async () => {
    const dataDir = tempDir()
    const server = await startServerProcess(dataDir)
    expect(server.ready).toMatchObject({ event: 'ready', dataDir })
    expect(server.ready.esp).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/esp$/)
    expect(server.ready.gms).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.ready.console).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=\S{16,}$/)
    server.child.kill('SIGTERM')
    expect(await exited(server.child)).toBe(0)
  })

  it('stops a second serve on the same data directory with one line naming it and the holder', async () => {
    const dataDir = tempDir()
    const first = await startServerProcess(dataDir)
    try {
      const second = await switchboard([
        'serve',
        '--data-dir',
        dataDir,
        '--esp-port',
        '0',
        '--gms-port',
        '0',
        '--console-port',
        '0',
      ])
      expect(second.code).toBe(1)
      expect(second.stdout).toBe('')
      expect(second.stderr.trim().split('\n')).toEqual([
        `switchboard: data directory ${dataDir} is in use by another Switchboard (pid ${first.child.pid})`,
      ])
    } finally {
      first.child.kill('SIGTERM')
      expect(await exited(first.child)).toBe(0)
    }
    // The lock goes with the process: the directory serves again.
    const again = await startServerProcess(dataDir)
    again.child.kill('SIGTERM')
    expect(await exited(again.child)).toBe(0)
  })

  it('refuses an invalid configuration naming the file, the key and the problem', async () => {
    const dir = tempDir()
    const configFile = join(dir, 'bad.yaml')
    writeFileSync(
      configFile,
      'applications:\n  - name: ChatServer\n    inactivity-control:\n      timeout-alert: 0\n',
    )
    const result = await switchboard([
      'serve',
      '--data-dir',
      dir,
      '--config',
      configFile,
      '--esp-port',
      '0',
      '--gms-port',
      '0',
      '--console-port',
      '0',
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(configFile)
    expect(result.stderr).toContain('timeout-alert')
  })

  it('refuses a database written by a newer Switchboard', async () => {
    const dir = tempDir()
    const db = new Database(join(dir, 'switchboard.db'))
    db.pragma('user_version = 999')
    db.close()
    const result = await switchboard([
      'serve',
      '--data-dir',
      dir,
      '--esp-port',
      '0',
      '--gms-port',
      '0',
      '--console-port',
      '0',
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/newer Switchboard/)
  })

  it('refuses a bad port with a clear message', async () => {
    const result = await switchboard(['serve', '--esp-port', 'seventy'])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toMatch(/port must be a whole number/)
  })
})

describe('switchboard esp and session create', () => {
  let server: ServerProcess
  beforeAll(async () => {
    server = await startServerProcess(tempDir())
  })
  afterAll(async () => {
    server.child.kill('SIGTERM')
    await exited(server.child)
  })

  it('creates a session and posts a message, exiting 0 on a response', async () => {
    const created = await switchboard([
      'session',
      'create',
      '--esp',
      server.ready.esp,
      '--user-data',
      'FirstName=Ann',
    ])
    expect(created.code).toBe(0)
    const sessionId = (JSON.parse(created.stdout) as { sessionId: string }).sessionId
    expect(sessionId).toMatch(/^[0-9A-Za-z]{16}$/)
    const answer = await switchboard([
      'esp',
      'Message',
      '--session',
      sessionId,
      '--esp',
      server.ready.esp,
      'MessageText=Hello',
      'Visibility=INT',
    ])
    expect(answer.code).toBe(0)
    expect(JSON.parse(answer.stdout)).toMatchObject({
      event: 'Event3rdServerResponse',
      result: { sessionId, eventIds: [2, 3] },
    })
  })

  it('exits 1 on a fault and prints it', async () => {
    const sessionId = await createSessionOver(server.ready.esp)
    const answer = await switchboard([
      'esp',
      'Message',
      '--session',
      sessionId,
      '--esp',
      server.ready.esp,
      'Visibility=EVERYONE',
      'MessageText=x',
    ])
    expect(answer.code).toBe(1)
    expect(JSON.parse(answer.stdout)).toMatchObject({
      event: 'Event3rdServerFault',
      fault: { code: 'invalid-parameter', parameter: 'Visibility' },
    })
  })

  it('exits 2 when the server cannot be reached', async () => {
    const answer = await switchboard([
      'esp',
      'Message',
      '--session',
      'x',
      '--esp',
      'ws://127.0.0.1:1/esp',
      'MessageText=x',
    ])
    expect(answer.code).toBe(2)
    expect(answer.stderr).toMatch(/cannot reach/)
  })
})
