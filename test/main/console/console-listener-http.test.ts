import { describe, expect, it } from 'vitest'
import { startConsoleListener } from '../../../src-main/console/console-listener'
import { CONSOLE_CSP } from '../../../src-main/console/static-files'
import { createListenerKit, rawRequest, SECRET } from './listener-kit'

const EXPECTED_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'"

describe('console listener: access', () => {
  it('binds to loopback and prints a URL with a fresh random token', async () => {
    const kit = await createListenerKit()
    const other = await createListenerKit()
    const { listener } = kit
    expect(listener.url).toBe(`http://127.0.0.1:${listener.port}/?token=${listener.token}`)
    expect(listener.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(other.listener.token).not.toBe(listener.token)
    expect(listener.state).toBe('running')
  })

  it('answers 401 without the token, or with a wrong one', async () => {
    const { listener } = await createListenerKit()
    for (const path of ['/', '/index.html', '/assets/app.js', `/?token=${'x'.repeat(43)}`]) {
      const answer = await rawRequest(listener.port, path)
      expect(answer.status).toBe(401)
      expect(answer.body).toMatch(/token/)
      expect(answer.headers['content-security-policy']).toBe(EXPECTED_CSP)
    }
    const wrongBearer = await rawRequest(listener.port, '/', { authorization: 'Bearer nope' })
    expect(wrongBearer.status).toBe(401)
  })

  it('takes the token from the query once, then from an HttpOnly SameSite=Strict cookie', async () => {
    const { listener } = await createListenerKit()
    const first = await rawRequest(listener.port, `/?token=${listener.token}`)
    expect(first.status).toBe(200)
    expect(first.body).toContain('<title>Switchboard</title>')
    const [cookie] = first.headers['set-cookie'] ?? []
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const pair = cookie!.split(';')[0]!
    const later = await rawRequest(listener.port, '/assets/app.js', { cookie: pair })
    expect(later.status).toBe(200)
    expect(later.headers['set-cookie']).toBeUndefined()
  })

  it('accepts the token in an Authorization header', async () => {
    const { listener } = await createListenerKit()
    const answer = await rawRequest(listener.port, '/', {
      authorization: `Bearer ${listener.token}`,
    })
    expect(answer.status).toBe(200)
  })

  it('refuses a Host it does not answer to, even with the token (DNS rebinding)', async () => {
    const { listener } = await createListenerKit()
    const answer = await rawRequest(listener.port, `/?token=${listener.token}`, {
      host: `evil.example:${listener.port}`,
    })
    expect(answer.status).toBe(403)
    const localhost = await rawRequest(listener.port, `/?token=${listener.token}`, {
      host: `localhost:${listener.port}`,
    })
    expect(localhost.status).toBe(200)
  })

  it('checks its options, naming the one at fault', async () => {
    const { service } = await createListenerKit()
    await expect(startConsoleListener({ service, rendererDir: '/x', port: 70000 })).rejects.toThrow(
      /port must be an integer/,
    )
    await expect(
      startConsoleListener({ service, rendererDir: '/x', port: 0, token: 'short' }),
    ).rejects.toThrow(/token must be/)
  })

  it('closes idempotently', async () => {
    const { listener } = await createListenerKit()
    await Promise.all([listener.close(), listener.close()])
    expect(listener.state).toBe('closed')
    await expect(rawRequest(listener.port, '/')).rejects.toThrow()
  })
})

describe('console listener: static files', () => {
  it('serves the renderer with the strict CSP and the right MIME types', async () => {
    const { listener } = await createListenerKit()
    const auth = { authorization: `Bearer ${listener.token}` }
    const expected: [string, string][] = [
      ['/', 'text/html; charset=utf-8'],
      ['/index.html', 'text/html; charset=utf-8'],
      ['/assets/app.js', 'text/javascript; charset=utf-8'],
      ['/assets/app.css', 'text/css; charset=utf-8'],
      ['/assets/logo.svg', 'image/svg+xml'],
    ]
    for (const [path, type] of expected) {
      const answer = await rawRequest(listener.port, path, auth)
      expect(answer.status, path).toBe(200)
      expect(answer.headers['content-type']).toBe(type)
      expect(answer.headers['content-security-policy']).toBe(EXPECTED_CSP)
      expect(answer.headers['x-content-type-options']).toBe('nosniff')
    }
    expect(CONSOLE_CSP).toBe(EXPECTED_CSP)
  })

  it('answers HEAD without a body and refuses other methods', async () => {
    const { listener } = await createListenerKit()
    const auth = { authorization: `Bearer ${listener.token}` }
    const head = await rawRequest(listener.port, '/assets/app.js', auth, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
    expect(head.headers['content-length']).toBe(String('console.log("app")'.length))
    expect((await rawRequest(listener.port, '/', auth, 'POST')).status).toBe(405)
  })

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/escape/secret.txt',
    '/index.html%00.js',
    '/%E0%A4%A',
    '/missing.js',
    '/assets/',
  ])('never serves %s from outside the renderer', async (path) => {
    const { listener } = await createListenerKit()
    const answer = await rawRequest(listener.port, path, {
      authorization: `Bearer ${listener.token}`,
    })
    expect(answer.status).toBe(404)
    expect(answer.body).not.toContain(SECRET)
  })

  it('says the UI is not built rather than showing a blank page', async () => {
    const { listener } = await createListenerKit({ rendererDir: '/nonexistent/renderer' })
    const answer = await rawRequest(listener.port, '/', {
      authorization: `Bearer ${listener.token}`,
    })
    expect(answer.status).toBe(503)
    expect(answer.body).toMatch(/npm run build/)
  })
})
