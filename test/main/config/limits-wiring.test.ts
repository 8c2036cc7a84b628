/** The `limits:` keys of the GMS caps reach the GMS customer API (docs/limits.md). */
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src-main/logging'
import { startServer } from '../../../src-main/server'
import { makeTempDir, writeFile } from './config-test-files'

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

describe('limits in the configuration file', () => {
  it('cap the GMS services waiting for their chat', async () => {
    const dir = makeTempDir()
    const configFile = writeFile(dir, 'config.yaml', 'limits:\n  max-pending-services: 2\n')
    const server = await startServer({
      dataDir: dir,
      configFile,
      host: '127.0.0.1',
      gmsPort: 0,
      espPort: 0,
      consolePort: null,
      logger: silentLogger,
    })
    try {
      const requestChat = `${server.ready.gms}/genesys/1/service/request-chat`
      const create = () => fetch(requestChat, { method: 'POST', headers: FORM, body: 'a=1' })
      expect((await create()).status).toBe(200)
      expect((await create()).status).toBe(200)
      const third = await create()
      expect(third.status).toBe(503)
      expect(await third.json()).toMatchObject({ exception: 'SessionLimitReached' })
    } finally {
      await server.close()
    }
  })
})
