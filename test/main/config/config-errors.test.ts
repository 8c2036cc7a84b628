import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../../src-main/config/load-config'
import { loadError, makeTempDir, resourcesDir, writeFile } from './config-test-files'

describe('loadConfig: an invalid file stops start-up naming the file, the key and the problem', () => {
  it('reports an out-of-range timeout with its key path and line', () => {
    const error = loadError(
      [
        'applications:',
        '  - name: ChatServer',
        '    inactivity-control:',
        '      timeout-alert: 0',
      ].join('\n'),
    )
    expect(error.message).toBe(
      `Invalid configuration in ${error.file}: applications[0].inactivity-control.timeout-alert: ` +
        'must be a whole number from 1 to 86400 (got 0) (at line 4, column 7)',
    )
    expect(error.problems).toEqual([
      {
        path: 'applications[0].inactivity-control.timeout-alert',
        message: 'must be a whole number from 1 to 86400 (got 0)',
        line: 4,
        column: 7,
      },
    ])
  })

  it('lists every problem of the file, one line each, in file order', () => {
    const error = loadError('esp: { burst: 0 }\nlimits: { max-open-sessions: -5 }\n')
    expect(error.message.split('\n')).toEqual([
      `Invalid configuration in ${error.file}: esp.burst: must be a whole number from 1 to 10000000 (got 0) (at line 1, column 8)`,
      `Invalid configuration in ${error.file}: limits.max-open-sessions: must be a whole number from 1 to 10000000 (got -5) (at line 2, column 11)`,
    ])
  })

  it('reports an unknown key and suggests the one probably meant', () => {
    const error = loadError('esp:\n  rate-limit: 10\n  brust: 20\n')
    expect(error.message).toContain(error.file)
    expect(error.message).toContain('esp.brust: unknown key (did you mean burst?) (at line 3')
  })

  it('reports an unknown top-level section with the allowed ones', () => {
    const error = loadError('listeners: { gms: 8080 }\n')
    expect(error.problems[0]?.path).toBe('listeners')
    expect(error.problems[0]?.message).toMatch(/^unknown key \(allowed here: applications, gms/)
  })

  it('reports a value outside an enumeration', () => {
    const error = loadError(
      'applications:\n  - name: ChatServer\n    inactivity-control: { include-notices: some }\n',
    )
    expect(error.message).toContain(
      'applications[0].inactivity-control.include-notices: must be one of none, major, major2, typing, all (got "some")',
    )
    const role = loadError('users: [{ id: x, name: X, role: admin }]\n')
    expect(role.message).toContain('users[0].role: must be one of agent, supervisor (got "admin")')
  })

  it('reports a YAML syntax error with its line and column', () => {
    const error = loadError('esp:\n  rate-limit: [10\nusers: []\n')
    expect(error.message).toMatch(
      new RegExp(
        `^Invalid configuration in ${escape(error.file)}: YAML syntax error: .+ \\(at line 3, column 1\\)$`,
      ),
    )
  })

  it('reports a key written twice in one mapping', () => {
    const error = loadError('esp:\n  burst: 10\n  burst: 20\n')
    expect(error.message).toMatch(
      /YAML syntax error: Map keys must be unique \(at line 3, column 3\)/,
    )
  })

  it('reports a duplicate user id', () => {
    const error = loadError(
      'users:\n  - { id: agent1, name: A, role: agent }\n  - { id: agent1, name: B, role: agent }\n',
    )
    expect(error.message).toContain(
      `${error.file}: users[1].id: duplicate user id "agent1" (also users[0]) (at line 3`,
    )
  })

  it("reports a default language that is not one of the application's languages", () => {
    const error = loadError(
      [
        'applications:',
        '  - name: ChatServer',
        '    default-language: it-IT',
        '    languages: [{ code: en-US, name: English }, { code: fr-FR, name: Français }]',
      ].join('\n'),
    )
    expect(error.message).toContain(
      `${error.file}: applications[0].default-language: must be the code of one of the application's languages (got "it-IT"; its languages: en-US, fr-FR) (at line 3`,
    )
  })

  it('checks a default language against the shipped languages it falls back to', () => {
    const error = loadError('applications:\n  - name: ChatServer\n    default-language: it-IT\n')
    expect(error.problems[0]?.path).toBe('applications[0].default-language')
    expect(error.problems[0]?.message).toContain('en-US, fr-FR, de-DE, es-ES')
  })

  it('reports duplicate applications, endpoints and language codes', () => {
    const error = loadError(
      [
        'applications:',
        '  - { name: A, endpoints: [q1], languages: [{ code: en-US, name: English }, { code: EN-us, name: Other }] }',
        '  - { name: A, endpoints: [q1] }',
      ].join('\n'),
    )
    expect(error.problems.map((problem) => problem.path)).toEqual([
      'applications[0].languages[1].code',
      'applications[1].name',
      'applications[1].endpoints[0]',
    ])
  })

  it('reports a service naming an unknown application or an endpoint of another one', () => {
    const error = loadError(
      [
        'applications: [{ name: ChatServer, endpoints: [gms_builtin] }, { name: Sales, endpoints: [sales] }]',
        'gms:',
        '  services:',
        '    request-chat: { _chat_endpoint: sales }',
        '    support: { application: Support }',
      ].join('\n'),
    )
    expect(error.problems.map(({ path, message }) => `${path}: ${message}`)).toEqual([
      'gms.services.request-chat._chat_endpoint: must be an endpoint of application "ChatServer" (got "sales"; its endpoints: gms_builtin)',
      'gms.services.support.application: names no configured application (got "Support"; configured: ChatServer, Sales)',
    ])
  })

  it('says when the value at fault comes from the shipped defaults', () => {
    const error = loadError('applications:\n  - name: Sales\n    endpoints: [sales]\n')
    expect(error.problems[0]?.path).toBe('gms.services.request-chat.application')
    expect(error.problems[0]?.message).toContain('the value comes from the shipped defaults')
  })

  it('requires endpoints for an application the shipped defaults do not have', () => {
    const error = loadError('applications: [{ name: ChatServer }, { name: Sales }]\n')
    expect(error.message).toContain('applications[1].endpoints: is required')
  })

  it('reports a strategy for an unknown endpoint or a missing module', () => {
    expect(loadError('strategies: { gms_bultin: greet.ts }\n').message).toContain(
      'strategies.gms_bultin: names no endpoint of any application',
    )
    expect(loadError('strategies: { gms_builtin: greet.ts }\n').message).toMatch(
      /strategies\.gms_builtin: strategy module not found: .*greet\.ts/,
    )
  })

  it('asks for quotes around text that YAML reads as a number', () => {
    const error = loadError('users: [{ id: 1001, name: A, role: agent }]\n')
    expect(error.message).toContain('(got 1001; put it in quotes: "1001")')
  })

  it('reports a --config file that does not exist', () => {
    const configFile = join(makeTempDir(), 'missing.yaml')
    expect(() => loadConfig({ configFile, dataDir: makeTempDir(), resourcesDir })).toThrow(
      new ConfigError(configFile, [{ path: '', message: 'file not found' }]),
    )
  })

  it('reports a broken shipped defaults file against that file', () => {
    const brokenResources = makeTempDir()
    const file = writeFile(brokenResources, 'default-config.yaml', 'esp: { rate-limit: -1 }\n')
    const error = catchError(() =>
      loadConfig({ dataDir: makeTempDir(), resourcesDir: brokenResources }),
    )
    expect(error.message).toContain(`${file}: esp.rate-limit: must be a whole number from 1`)
  })
})

function catchError(run: () => unknown): ConfigError {
  try {
    run()
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
