import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { configFileSchema } from '../../../src-main/config/config-schema'
import { resourcesDir } from './config-test-files'

describe('configFileSchema', () => {
  const shipped: unknown = parse(readFileSync(join(resourcesDir, 'default-config.yaml'), 'utf8'))

  it('accepts the shipped defaults, and an empty file', () => {
    expect(configFileSchema.safeParse(shipped).success).toBe(true)
    expect(configFileSchema.safeParse({}).success).toBe(true)
  })

  it('refuses unknown keys at every level', () => {
    const result = configFileSchema.safeParse({ esp: { 'rate-limit': 5, extra: 1 } })
    expect(result.error?.issues).toMatchObject([
      { code: 'unrecognized_keys', keys: ['extra'], path: ['esp'] },
    ])
  })

  it.each([
    ['timeout-alert', 0, false],
    ['timeout-alert', 1, true],
    ['timeout-alert', 86_400, true],
    ['timeout-alert', 86_401, false],
    ['timeout-alert', 2.5, false],
    ['timeout-alert2', 0, true],
    ['timeout-close', 0, false],
    ['timeout-close', '45', false],
  ])('checks %s = %j (valid: %s)', (key, value, isValid) => {
    const file = { applications: [{ name: 'A', 'inactivity-control': { [key]: value } }] }
    expect(configFileSchema.safeParse(file).success).toBe(isValid)
  })

  it('compares language codes without regard to case', () => {
    const languages = [
      { code: 'en-US', name: 'English' },
      { code: 'EN-us', name: 'Anglais' },
    ]
    const result = configFileSchema.safeParse({ applications: [{ name: 'A', languages }] })
    expect(result.error?.issues[0]?.path).toEqual(['applications', 0, 'languages', 1, 'code'])
  })
})
