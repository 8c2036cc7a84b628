import { describe, expect, it } from 'vitest'
import { isSafeExternalUrl } from '../../../src-main/electron/external-links'

describe('isSafeExternalUrl', () => {
  it.each(['https://example.com/help', 'http://example.com', 'HTTPS://Example.com/a?b=c#d'])(
    'opens %s in the browser',
    (url) => {
      expect(isSafeExternalUrl(url)).toBe(true)
    },
  )

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'smb://server/share',
    'ms-settings:privacy',
    'vscode://file/etc/hosts',
    'mailto:someone@example.com',
    'ftp://example.com/file',
    'https://bank.example@evil.example/',
    '//example.com/no-scheme',
    'example.com',
    '',
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false)
  })
})
