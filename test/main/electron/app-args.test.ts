import { describe, expect, it } from 'vitest'
import { parseAppArgs } from '../../../src-main/electron/app-args'

describe('parseAppArgs', () => {
  it('defaults to the serve ports, with the console listener off', () => {
    expect(parseAppArgs(['.'])).toEqual({
      host: '127.0.0.1',
      gmsPort: 8080,
      espPort: 7010,
      consolePort: null,
    })
  })

  it('reads the serve options in both spellings and skips Chromium switches', () => {
    const args = parseAppArgs([
      '.',
      '--no-sandbox',
      '--data-dir',
      './data',
      '--console-port=0',
      '--enable-logging',
      '--gms-port',
      '8081',
    ])
    expect(args).toMatchObject({ dataDir: './data', consolePort: 0, gmsPort: 8081 })
  })

  it('names the option whose value is missing or wrong', () => {
    expect(() => parseAppArgs(['--data-dir'])).toThrow('--data-dir needs a value')
    expect(() => parseAppArgs(['--data-dir', '--no-sandbox'])).toThrow('--data-dir needs a value')
    expect(() => parseAppArgs(['--esp-port=x'])).toThrow(/^--esp-port: a port must be/)
  })
})
