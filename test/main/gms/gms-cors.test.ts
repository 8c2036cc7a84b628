/**
 * CORS on every GMS path (docs/gms.md, "CORS"): a browser page on another origin must get its
 * answers, credentialed CometD included; an origin not configured is refused before anything
 * is done.
 */
import { describe, expect, it } from 'vitest'
import { OriginPolicy } from '../../../src-main/gms/cors'
import { startGmsKit } from './gms-test-kit'

async function call(url: string, init: RequestInit) {
  const response = await fetch(url, init)
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} }
}

describe('GMS CORS', () => {
  it('serves an allowed origin with its name, credentials and Vary, on v1, v2 and Bayeux', async () => {
    const kit = await startGmsKit({ corsAllowedOrigins: ['https://shop.example.com'] })
    const origin = 'https://shop.example.com'
    const v1 = await call(`${kit.url}/genesys/1/service/request-chat`, {
      method: 'POST',
      headers: { origin },
    })
    expect(v1.status).toBe(200)
    expect(v1.headers.get('access-control-allow-origin')).toBe(origin)
    expect(v1.headers.get('access-control-allow-credentials')).toBe('true')
    expect(v1.headers.get('vary')).toContain('Origin')
    const handshake = await call(`${kit.url}/genesys/cometd/handshake`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' },
      body: JSON.stringify([
        { channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] },
      ]),
    })
    expect(handshake.status).toBe(200)
    expect(handshake.headers.get('access-control-allow-origin')).toBe(origin)
    expect(handshake.body[0]).toMatchObject({ successful: true })
  })

  it('answers an allowed preflight with 204 and the headers a credentialed CometD post needs', async () => {
    const kit = await startGmsKit()
    const origin = 'http://localhost:5173'
    const response = await fetch(`${kit.url}/genesys/cometd/connect`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-requested-with',
      },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe(origin)
    expect(response.headers.get('access-control-allow-credentials')).toBe('true')
    expect(response.headers.get('access-control-allow-methods')).toContain('POST')
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase()
    for (const header of ['content-type', 'x-requested-with', 'apikey', 'gms_user']) {
      expect(allowed).toContain(header)
    }
    expect(response.headers.get('access-control-max-age')).toBe('600')
  })

  it('refuses another origin with 403 and a JSON error naming the setting, doing nothing', async () => {
    const kit = await startGmsKit()
    const origin = 'https://evil.example.net'
    const v1 = await call(`${kit.url}/genesys/1/service/request-chat`, {
      method: 'POST',
      headers: { origin },
    })
    expect(v1.status).toBe(403)
    expect(v1.body).toMatchObject({ exception: 'OriginNotAllowed' })
    expect(v1.body.message).toContain('gms.cors.allowed-origins')
    expect(v1.headers.get('access-control-allow-origin')).toBeNull()
    const v2 = await call(`${kit.url}/genesys/2/chat/request-chat`, {
      method: 'POST',
      headers: { origin },
      body: new URLSearchParams({ nickname: 'Eve' }),
    })
    expect(v2.status).toBe(403)
    expect(v2.body).toMatchObject({ statusCode: 2, chatId: '', errors: [{ code: 107 }] })
    expect(v2.body.errors[0].advice).toContain('gms.cors.allowed-origins')
    const bayeux = await call(`${kit.url}/genesys/cometd`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: '[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"]}]',
    })
    expect(bayeux.status).toBe(403)
    expect(bayeux.body).toMatchObject({ exception: 'OriginNotAllowed' })
    const preflight = await fetch(`${kit.url}/genesys/cometd`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    })
    expect(preflight.status).toBe(403)
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
    expect(kit.engine.openSessionCount()).toBe(0)
  })

  it('serves requests without Origin (apps, bots, curl) without CORS headers', async () => {
    const kit = await startGmsKit({ corsAllowedOrigins: [] })
    const answer = await call(`${kit.url}/genesys/1/service/request-chat`, { method: 'POST' })
    expect(answer.status).toBe(200)
    expect(answer.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('OriginPolicy', () => {
  it('matches the development default on any port of this machine only', () => {
    const policy = new OriginPolicy(['http://localhost:*', 'http://[::1]:*', 'https://127.0.0.1:*'])
    expect(policy.isAllowed('http://localhost:8080')).toBe(true)
    expect(policy.isAllowed('http://localhost')).toBe(true)
    expect(policy.isAllowed('http://[::1]:3000')).toBe(true)
    expect(policy.isAllowed('https://127.0.0.1:443')).toBe(true)
    expect(policy.isAllowed('https://localhost:8080')).toBe(false)
    expect(policy.isAllowed('http://localhost.evil.com')).toBe(false)
    expect(policy.isAllowed('http://evil.com:80')).toBe(false)
    expect(policy.isAllowed('null')).toBe(false)
  })

  it('knows exact origins, null and *, and refuses a malformed entry by name', () => {
    expect(new OriginPolicy(['null']).isAllowed('null')).toBe(true)
    expect(new OriginPolicy(['https://a.example']).isAllowed('https://a.example:8443')).toBe(false)
    expect(new OriginPolicy(['*']).isAllowed('https://anything.example')).toBe(true)
    expect(() => new OriginPolicy(['a.example'])).toThrow(/gms\.cors\.allowed-origins.*a\.example/)
  })
})
