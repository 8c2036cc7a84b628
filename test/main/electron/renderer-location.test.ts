import { describe, expect, it } from 'vitest'
import {
  isAllowedRequest,
  isRendererPage,
  rendererLocation,
} from '../../../src-main/electron/renderer-location'

const built = rendererLocation('/app/out/renderer/index.html')
const dev = rendererLocation('/app/out/renderer/index.html', 'http://localhost:5173/')

describe('rendererLocation', () => {
  it('loads the built page from disk', () => {
    expect(built).toEqual({
      kind: 'file',
      indexPath: '/app/out/renderer/index.html',
      indexUrl: 'file:///app/out/renderer/index.html',
      folderUrl: 'file:///app/out/renderer/',
    })
  })

  it('loads the dev server only on a loopback http(s) URL', () => {
    expect(dev).toMatchObject({ kind: 'dev-server', origin: 'http://localhost:5173' })
    expect(() => rendererLocation('/x/index.html', 'https://evil.example/')).toThrow(TypeError)
    expect(() => rendererLocation('/x/index.html', 'file:///etc/')).toThrow(TypeError)
  })
})

describe('isRendererPage', () => {
  it('accepts the built page with any route in its hash or query', () => {
    expect(isRendererPage('file:///app/out/renderer/index.html', built)).toBe(true)
    expect(isRendererPage('file:///app/out/renderer/index.html#/sessions/1', built)).toBe(true)
    expect(isRendererPage('file:///app/out/renderer/index.html?x=1', built)).toBe(true)
  })

  it('refuses other files, other folders and remote pages', () => {
    expect(isRendererPage('file:///app/out/renderer/other.html', built)).toBe(false)
    expect(isRendererPage('file:///tmp/index.html', built)).toBe(false)
    expect(isRendererPage('https://evil.example/index.html', built)).toBe(false)
    expect(isRendererPage('about:blank', built)).toBe(false)
    expect(isRendererPage(undefined, built)).toBe(false)
    expect(isRendererPage('not a url', built)).toBe(false)
  })

  it('accepts any page of the dev server, and only of it', () => {
    expect(isRendererPage('http://localhost:5173/', dev)).toBe(true)
    expect(isRendererPage('http://localhost:5174/', dev)).toBe(false)
    expect(isRendererPage('file:///app/out/renderer/index.html', dev)).toBe(false)
  })
})

describe('isAllowedRequest', () => {
  it('lets the built page load its own files, DevTools and data: images, nothing else', () => {
    expect(isAllowedRequest('file:///app/out/renderer/assets/index-1.js', built)).toBe(true)
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', built)).toBe(true)
    expect(isAllowedRequest('data:image/png;base64,AAAA', built)).toBe(true)
    expect(isAllowedRequest('file:///app/out/renderer/../main/index.js', built)).toBe(false)
    expect(isAllowedRequest('file:///etc/passwd', built)).toBe(false)
    expect(isAllowedRequest('https://cdn.example/lib.js', built)).toBe(false)
    expect(isAllowedRequest('ws://127.0.0.1:7011/console/ws', built)).toBe(false)
  })

  it('lets the dev page reach its dev server and its hot-reload socket only', () => {
    expect(isAllowedRequest('http://localhost:5173/src/main.ts', dev)).toBe(true)
    expect(isAllowedRequest('ws://localhost:5173/', dev)).toBe(true)
    expect(isAllowedRequest('ws://localhost:9999/', dev)).toBe(false)
    expect(isAllowedRequest('https://localhost:5173/', dev)).toBe(false)
    expect(isAllowedRequest('file:///app/out/renderer/index.html', dev)).toBe(false)
  })
})
