import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_IDLE_SETTINGS } from '../../../src-shared/idle-settings'
import { loadConfig } from '../../../src-main/config/load-config'
import { loadText, makeTempDir, resourcesDir, writeFile } from './config-test-files'

const defaultsFile = join(resourcesDir, 'default-config.yaml')

describe('loadConfig: which file', () => {
  it('uses the shipped defaults when there is no --config and no config.yaml', () => {
    const config = loadConfig({ dataDir: makeTempDir(), resourcesDir })
    expect(config.sourceFile).toBe(defaultsFile)
  })

  it('uses <data-dir>/config.yaml when present', () => {
    const dataDir = makeTempDir()
    const file = writeFile(dataDir, 'config.yaml', 'esp: { rate-limit: 10 }\n')
    const config = loadConfig({ dataDir, resourcesDir })
    expect(config.sourceFile).toBe(file)
    expect(config.esp.rateLimit).toBe(10)
  })

  it('prefers --config over <data-dir>/config.yaml', () => {
    const dataDir = makeTempDir()
    writeFile(dataDir, 'config.yaml', 'esp: { rate-limit: 10 }\n')
    const configFile = writeFile(makeTempDir(), 'other.yaml', 'esp: { rate-limit: 20 }\n')
    const config = loadConfig({ configFile, dataDir, resourcesDir })
    expect(config.sourceFile).toBe(configFile)
    expect(config.esp.rateLimit).toBe(20)
  })
})

/** The configuration a user without a config file gets. */
function loadDefaults() {
  return loadConfig({ dataDir: makeTempDir(), resourcesDir })
}

describe('loadConfig: the shipped defaults', () => {
  const config = loadDefaults()
  const [app] = config.applications

  it('host one ChatServer application on gms_builtin with Genesys idle defaults', () => {
    expect(config.applications).toHaveLength(1)
    expect(app?.name).toBe('ChatServer')
    expect(app?.endpoints).toEqual(['gms_builtin'])
    expect(app?.idleDefaults).toEqual(DEFAULT_IDLE_SETTINGS)
    expect(app?.systemNickname).toBe('system')
    expect(app?.defaultLanguage).toBe('en-US')
  })

  it('list English, French, German and Spanish, each with its own three idle texts', () => {
    expect(app?.languages.map((language) => [language.code, language.name])).toEqual([
      ['en-US', 'English'],
      ['fr-FR', 'Français'],
      ['de-DE', 'Deutsch'],
      ['es-ES', 'Español'],
    ])
    const allTexts = new Set<string>()
    for (const language of app?.languages ?? []) {
      const texts = [language.messageAlert, language.messageAlert2, language.messageClose]
      for (const text of texts) {
        expect(text, `${language.code} idle text`).toMatch(/\S/)
        allTexts.add(text ?? '')
      }
    }
    expect(allTexts.size).toBe(12)
    expect(app?.languages[0]?.messageClose).toBe(DEFAULT_IDLE_SETTINGS.messageClose)
  })

  it('define the request-chat service, users, ESP limits, store and no strategy', () => {
    expect(config.gms).toEqual({
      services: {
        'request-chat': {
          ttlSeconds: 3600,
          chatEndpoint: 'gms_builtin',
          chat400OnDisconnected: false,
          application: 'ChatServer',
        },
        'customer-support': {
          ttlSeconds: 3600,
          chatEndpoint: 'gms_builtin',
          chat400OnDisconnected: false,
          application: 'ChatServer',
        },
      },
      flexDisconnectTimeoutSeconds: 45,
      corsAllowedOrigins: [
        'http://localhost:*',
        'http://127.0.0.1:*',
        'http://[::1]:*',
        'https://localhost:*',
        'https://127.0.0.1:*',
        'https://[::1]:*',
      ],
      maxPendingServices: 1000,
      maxUserDataBytes: 134_217_728,
    })
    expect(config.users).toEqual([
      { id: 'agent1', name: 'Alex Agent', role: 'agent' },
      { id: 'agent2', name: 'Blair Agent', role: 'agent' },
      { id: 'supervisor1', name: 'Sam Supervisor', role: 'supervisor' },
    ])
    expect(config.esp).toEqual({
      rateLimit: 2000,
      burst: 4000,
      maxBodyBytes: 1_048_576,
      allowedOrigins: [],
    })
    expect(config.limits).toEqual({ maxOpenSessions: 100_000 })
    expect(config.maxConnections).toEqual({ gms: 512, esp: 256, console: 64 })
    expect(config.store).toEqual({ synchronous: 'NORMAL' })
    expect(config.strategies).toEqual({})
  })
})

describe('loadConfig: a user file over the defaults', () => {
  const shipped = loadDefaults()

  it('keeps every other default when the file overrides one key', () => {
    const config = loadText('esp:\n  rate-limit: 10\n')
    expect(config.esp).toEqual({ ...shipped.esp, rateLimit: 10 })
    expect({ ...config, esp: shipped.esp, sourceFile: '' }).toEqual({ ...shipped, sourceFile: '' })
  })

  it('treats an empty file, or an empty section, as no change', () => {
    expect(loadText('# nothing yet\n').users).toEqual(shipped.users)
    expect(loadText('esp:\nstrategies:\n').esp).toEqual(shipped.esp)
  })

  it("fills an application's missing idle keys with Genesys' defaults", () => {
    const config = loadText(
      'applications:\n  - name: ChatServer\n    inactivity-control: { enabled: true, timeout-alert: 60 }\n',
    )
    const [app] = config.applications
    expect(app?.idleDefaults).toEqual({ ...DEFAULT_IDLE_SETTINGS, enabled: true, timeoutAlert: 60 })
    expect(app?.languages).toEqual(shipped.applications[0]?.languages)
    expect(app?.endpoints).toEqual(['gms_builtin'])
  })

  it('gives a new application no languages, the system nickname and the idle defaults', () => {
    const config = loadText(
      'applications:\n  - name: ChatServer\n  - name: Sales\n    endpoints: [sales, vip]\n',
    )
    expect(config.applications[1]).toEqual({
      name: 'Sales',
      endpoints: ['sales', 'vip'],
      idleDefaults: DEFAULT_IDLE_SETTINGS,
      defaultLanguage: null,
      languages: [],
      systemNickname: 'system',
    })
  })

  it('makes the first language the default when a file lists languages without one', () => {
    const config = loadText(
      'applications:\n  - name: ChatServer\n    languages: [{ code: it-IT, name: Italiano }]\n',
    )
    expect(config.applications[0]?.defaultLanguage).toBe('it-IT')
    expect(config.applications[0]?.languages).toEqual([{ code: 'it-IT', name: 'Italiano' }])
  })

  it('replaces lists as a whole and merges service settings key by key', () => {
    const config = loadText(
      [
        'users: [{ id: ops, name: Ops Lead, role: supervisor }]',
        'gms: { services: { request-chat: { _ttl: 600 } } }',
        'store: { synchronous: normal }',
        'esp: { token: s3cret-token }',
      ].join('\n'),
    )
    expect(config.users).toEqual([{ id: 'ops', name: 'Ops Lead', role: 'supervisor' }])
    expect(config.gms.services['request-chat']).toEqual({
      ...shipped.gms.services['request-chat'],
      ttlSeconds: 600,
    })
    expect(config.store.synchronous).toBe('NORMAL')
    expect(config.esp.token).toBe('s3cret-token')
  })

  it("resolves strategy modules relative to the file's folder", () => {
    const dir = makeTempDir()
    const strategy = writeFile(dir, 'strategies/greet.ts', 'export default async () => {}\n')
    const configFile = writeFile(
      dir,
      'config.yaml',
      'strategies:\n  gms_builtin: strategies/greet.ts\n',
    )
    const config = loadConfig({ configFile, dataDir: dir, resourcesDir })
    expect(config.strategies).toEqual({ gms_builtin: strategy })
  })
})

describe('loadConfig: gms.cors.allowed-origins', () => {
  it('takes a list of origins and refuses an entry that is not one, naming the key', () => {
    const config = loadText(
      'gms:\n  cors:\n    allowed-origins: [ "https://shop.example.com", "null" ]\n',
    )
    expect(config.gms.corsAllowedOrigins).toEqual(['https://shop.example.com', 'null'])
    expect(() => loadText('gms:\n  cors:\n    allowed-origins: [ "shop.example.com" ]\n')).toThrow(
      /allowed-origins/,
    )
  })
})
