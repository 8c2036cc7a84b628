import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import packageJson from '../../package.json'
import { exited, runCli, type ServerProcess, startServerProcess } from '../helpers/server-process'

function switchboard(args: string[]) {
  return runCli([...args])
}

const temporaryDirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-start-errors-'))
  temporaryDirs.push(dir)
  return dir
}
afterAll(() => temporaryDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

describe('switchboard --version', () => {
  it("prints package.json's version", async () => {
    const result = await switchboard(['--version'])
    expect(result.code).toBe(0)
    expect(result.stdout.trim()).toBe(packageJson.version)
  })
})

describe('switchboard serve with a port in use', () => {
  let occupier: Server
  let busyPort: number
  beforeAll(async () => {
    occupier = createServer().listen(0, '127.0.0.1')
    await once(occupier, 'listening')
    busyPort = (occupier.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => occupier.close(() => resolve())))

  const listeners = [
    { option: '--esp-port', name: 'ESP endpoint' },
    { option: '--gms-port', name: 'GMS customer API' },
    { option: '--console-port', name: 'console' },
  ]
  for (const { option, name } of listeners) {
    it(`names the ${name} and ${option}`, async () => {
      const ports = { '--esp-port': '0', '--gms-port': '0', '--console-port': '0' }
      ports[option as keyof typeof ports] = String(busyPort)
      const result = await switchboard([
        'serve',
        '--data-dir',
        tempDir(),
        ...Object.entries(ports).flat(),
      ])
      expect(result.code).toBe(1)
      // Among its logs (JSON lines), one line says what to do.
      const ours = result.stderr.split('\n').filter((line) => line.startsWith('switchboard: '))
      expect(ours).toEqual([
        `switchboard: the ${name} cannot start: port ${busyPort} on 127.0.0.1 is in use by another program (or another Switchboard); stop that program, or pick another port with ${option} N (0: any free port)`,
      ])
    })
  }
})

describe('switchboard esp and session create against a server with esp.token', () => {
  let server: ServerProcess
  beforeAll(async () => {
    const dir = tempDir()
    const configFile = join(dir, 'token.yaml')
    writeFileSync(configFile, 'esp:\n  token: the-right-secret\n')
    server = await startServerProcess(dir, ['--config', configFile])
  })
  afterAll(async () => {
    server.child.kill('SIGTERM')
    await exited(server.child)
  })

  const espArgs = () => [
    'esp',
    'Message',
    '--session',
    'x',
    '--esp',
    server.ready.esp,
    'MessageText=x',
  ]

  it('says it needs --token when none is given', async () => {
    const result = await switchboard(espArgs())
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('needs --token')
    expect(result.stderr).not.toContain('cannot reach')
  })

  it('says the token given with --token was refused when it is wrong', async () => {
    const result = await switchboard([...espArgs(), '--token', 'a-wrong-secret'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('refused the token given with --token')
  })

  it('is answered with the right token', async () => {
    const result = await switchboard([...espArgs(), '--token', 'the-right-secret'])
    expect(result.code).toBe(1) // the session does not exist: a fault, so the request arrived
    expect(JSON.parse(result.stdout)).toMatchObject({ fault: { code: 'unknown-session' } })
  })

  it('session create says it needs --token too', async () => {
    const result = await switchboard(['session', 'create', '--esp', server.ready.esp])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('needs --token')
  })
})
