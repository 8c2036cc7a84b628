import { describe, expect, it } from 'vitest'
import { backoffDelay, DEFAULT_BACKOFF } from '../../../src-renderer/src/api/backoff'
import { consoleSocketUrl } from '../../../src-renderer/src/api/bridge'
import { draftProblem } from '../../../src-renderer/src/logic/composer-rules'
import { neighbourId, nextListIndex } from '../../../src-renderer/src/logic/list-navigation'
import { customerName } from '../../../src-renderer/src/logic/session-labels'
import { languageChoiceOf } from '../../../src-renderer/src/stores/language'
import { summary } from '../fake-client'

describe('reconnect backoff', () => {
  it('doubles from half a second up to a cap, with bounded jitter', () => {
    const middle = () => 0.5
    expect(backoffDelay(1, DEFAULT_BACKOFF, middle)).toBe(500)
    expect(backoffDelay(2, DEFAULT_BACKOFF, middle)).toBe(1000)
    expect(backoffDelay(10, DEFAULT_BACKOFF, middle)).toBe(15_000)
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0)).toBe(400)
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0.9999)).toBeLessThanOrEqual(600)
  })
})

describe('console socket URL', () => {
  it('uses the page’s own origin', () => {
    expect(consoleSocketUrl({ protocol: 'http:', host: '127.0.0.1:7011' })).toBe(
      'ws://127.0.0.1:7011/console/ws',
    )
    expect(consoleSocketUrl({ protocol: 'https:', host: 'example:1' })).toBe(
      'wss://example:1/console/ws',
    )
  })
})

describe('composer drafts', () => {
  it('refuses empty drafts and non-http URLs before sending', () => {
    expect(draftProblem('message', '   ')).toBe('Write something first.')
    expect(draftProblem('message', 'Hi')).toBeNull()
    expect(draftProblem('url', 'ftp://example.com')).toMatch(/http/)
    expect(draftProblem('url', ' https://example.com ')).toBeNull()
    expect(draftProblem('note', 'x'.repeat(16385))).toMatch(/16384/)
  })
})

describe('list navigation', () => {
  it('steps with arrows and j/k, jumps with Home/End, and stays inside the list', () => {
    expect(nextListIndex('j', 0, 3)).toBe(1)
    expect(nextListIndex('ArrowUp', 0, 3)).toBe(0)
    expect(nextListIndex('End', 0, 3)).toBe(2)
    expect(nextListIndex('x', 0, 3)).toBeNull()
  })

  it('opens the neighbouring session, or the first one when none is open', () => {
    expect(neighbourId(['a', 'b', 'c'], 'b', 1)).toBe('c')
    expect(neighbourId(['a', 'b', 'c'], 'c', 1)).toBe('c')
    expect(neighbourId(['a', 'b', 'c'], null, 1)).toBe('a')
    expect(neighbourId(['a', 'b', 'c'], null, -1)).toBe('c')
    expect(neighbourId([], null, 1)).toBeNull()
  })
})

describe('labels', () => {
  it('names the customer from user data, else from its party', () => {
    expect(customerName(summary())).toBe('Ann Lee')
    expect(customerName(summary({ userData: {} }))).toBe('Ann')
  })

  it('reads a typed language as a code when it looks like one', () => {
    expect(languageChoiceOf('fr-FR')).toEqual({ code: 'fr-FR' })
    expect(languageChoiceOf('de')).toEqual({ code: 'de' })
    expect(languageChoiceOf('Français')).toEqual({ name: 'Français' })
    expect(languageChoiceOf('Deu')).toEqual({ name: 'Deu' })
  })
})
