/**
 * `switchboard record` against a running `switchboard serve` (built CLI, `npm run build` first):
 * it reads the server's store without disturbing it and prints a scenario the harness loads.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { EspClient } from '../../../src-main/harness/esp-client'
import { loadShippedConfig } from '../../../src-main/harness/scenario-config'
import { loadScenarioFile } from '../../../src-main/harness/scenario-file'
import {
  createSessionOver,
  exited,
  runCli,
  type ServerProcess,
  startServerProcess,
} from '../../helpers/server-process'

const folders: string[] = []
let server: ServerProcess | undefined
afterEach(async () => {
  server?.child.kill('SIGTERM')
  if (server) await exited(server.child)
  server = undefined
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

function record(args: string[]) {
  return runCli(['record', ...args])
}

describe('switchboard record', () => {
  it('prints a stored session of a running server as a scenario the harness loads', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-record-'))
    folders.push(dataDir)
    server = await startServerProcess(dataDir)
    const sessionId = await createSessionOver(server.ready.esp, { FirstName: 'Ann' })
    const esp = new EspClient({ url: server.ready.esp })
    await esp.request({
      method: 'Message',
      interactionId: sessionId,
      parameters: { MessageText: 'Hello Ann' },
    })
    await esp.close()

    const result = await record([sessionId, '--data-dir', dataDir])

    expect(result.code).toBe(0)
    const document = parse(result.stdout) as { name: string; steps: Record<string, unknown>[] }
    expect(document.name).toBe(`Recorded session ${sessionId}`)
    expect(document.steps[0]).toEqual({
      customer: { start: expect.objectContaining({ firstName: 'Ann' }) },
    })
    expect(result.stdout).toContain('text: Hello Ann')
    const file = join(dataDir, 'recorded.yaml')
    writeFileSync(file, result.stdout)
    expect(loadScenarioFile(file, loadShippedConfig()).steps.at(-1)?.step.expect).toBeDefined()
  })

  it('exits 2 naming the session when there is no such session', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-record-'))
    folders.push(dataDir)
    server = await startServerProcess(dataDir)

    const result = await record(['S00000000000FFFF', '--data-dir', dataDir])

    expect(result.code).toBe(2)
    expect(result.stderr).toContain('switchboard record: no session S00000000000FFFF in ')
  })
})
