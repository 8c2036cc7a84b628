import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import packageJson from '../../package.json'

const require = createRequire(import.meta.url)
const { nodeVersionProblem } = require('../../bin/node-version.js') as {
  nodeVersionProblem: (current: string, range?: string) => string | null
}

describe('the Node version check of bin/switchboard.js and npm start', () => {
  it('stops an older Node with one line naming the version needed', () => {
    const problem = nodeVersionProblem('18.20.4', '>=20.19')
    expect(problem).toBe(
      'switchboard needs Node.js 20.19.0 or newer; this is Node.js 18.20.4. Install a newer Node.js and run the command again.',
    )
    expect(problem).not.toContain('\n')
    expect(nodeVersionProblem('20.18.9', '>=20.19')).toContain('needs Node.js 20.19.0')
  })

  it('lets the supported versions and newer ones through', () => {
    expect(nodeVersionProblem('20.19.0', '>=20.19')).toBeNull()
    expect(nodeVersionProblem('20.20.2', '>=20.19')).toBeNull()
    expect(nodeVersionProblem('22.1.0', '>=20.19')).toBeNull()
  })

  it("reads the version needed from package.json's engines", () => {
    expect(packageJson.engines.node).toBe('>=20.19')
    expect(nodeVersionProblem('20.0.0')).toContain('needs Node.js 20.19.0')
    expect(nodeVersionProblem(process.versions.node)).toBeNull()
  })
})
