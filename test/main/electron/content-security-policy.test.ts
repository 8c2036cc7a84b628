import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONSOLE_CSP, withConsoleCsp } from '../../../src-main/electron/content-security-policy'

describe('the console CSP', () => {
  it("starts from default-src 'none'", () => {
    expect(CONSOLE_CSP.startsWith("default-src 'none';")).toBe(true)
  })

  it('allows no inline code, eval, remote hosts, frames or plugins', () => {
    expect(CONSOLE_CSP).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval/)
    expect(CONSOLE_CSP).not.toMatch(/\*|https?:|wss?:|blob:/)
    expect(CONSOLE_CSP).toContain("script-src 'self'")
    expect(CONSOLE_CSP).toContain("frame-ancestors 'none'")
    expect(CONSOLE_CSP).toContain("object-src 'none'")
    expect(CONSOLE_CSP).toContain("base-uri 'none'")
  })

  it('replaces whatever policy a response brought, whatever its header case', () => {
    const headers = withConsoleCsp({
      'content-security-policy': ["default-src *; script-src 'unsafe-inline'"],
      'Content-Type': ['text/html'],
    })
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONSOLE_CSP],
    })
  })

  it('sets the policy on a response without headers', () => {
    expect(withConsoleCsp(undefined)).toEqual({ 'Content-Security-Policy': [CONSOLE_CSP] })
  })

  it("matches the page's own meta policy in starting from default-src 'none'", () => {
    const html = readFileSync(join(__dirname, '../../../src-renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(meta?.startsWith("default-src 'none'")).toBe(true)
    expect(meta).not.toMatch(/unsafe-inline|unsafe-eval/)
  })
})
