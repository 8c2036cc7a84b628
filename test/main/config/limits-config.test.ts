/** The configuration keys of docs/limits.md: `esp.allowed-origins`, `limits.max-connections`. */
import { describe, expect, it } from 'vitest'
import { loadError, loadText } from './config-test-files'

describe('esp.allowed-origins', () => {
  it('lists exact web-page origins', () => {
    const config = loadText('esp:\n  allowed-origins: [ "https://tools.example.com:8443" ]\n')
    expect(config.esp.allowedOrigins).toEqual(['https://tools.example.com:8443'])
  })

  it('refuses a value that is not an origin as a browser sends it', () => {
    for (const value of ['"null"', 'https://tools.example.com/path', 'tools.example.com', '"*"']) {
      const error = loadError(`esp:\n  allowed-origins: [ ${value} ]\n`)
      expect(error.message).toContain('esp.allowed-origins[0]: must be an origin such as')
    }
  })
})

describe('limits.max-connections', () => {
  it('keeps the other listeners at their defaults when one is set', () => {
    const config = loadText('limits:\n  max-connections: { gms: 100 }\n')
    expect(config.maxConnections).toEqual({ gms: 100, esp: 256, console: 64 })
    expect(config.limits.maxOpenSessions).toBe(100_000)
  })

  it('refuses a cap below one or an unknown listener', () => {
    expect(loadError('limits:\n  max-connections: { esp: 0 }\n').message).toContain(
      'limits.max-connections.esp: must be a whole number from 1 to 1000000 (got 0)',
    )
    expect(loadError('limits:\n  max-connections: { admin: 5 }\n').message).toContain(
      'limits.max-connections',
    )
  })
})

describe('limits.max-pending-services and limits.max-user-data-bytes', () => {
  it('ship 1,000 services and 128 MiB, and take a file’s values', () => {
    expect(loadText('').gms).toMatchObject({
      maxPendingServices: 1000,
      maxUserDataBytes: 128 * 1024 * 1024,
    })
    const config = loadText('limits:\n  max-pending-services: 5\n  max-user-data-bytes: 2097152\n')
    expect(config.gms).toMatchObject({ maxPendingServices: 5, maxUserDataBytes: 2 * 1024 * 1024 })
  })

  it('refuse a budget below 1 MiB', () => {
    expect(loadError('limits:\n  max-user-data-bytes: 1000\n').message).toContain(
      'limits.max-user-data-bytes: must be a whole number from 1048576',
    )
  })
})
