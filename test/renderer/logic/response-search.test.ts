import { describe, expect, it } from 'vitest'
import { matchResponses, responseQuery } from '../../../src-renderer/src/logic/response-search'

const RESPONSES = [
  { name: 'greeting', text: 'Hello Marie', language: 'en-US' },
  { name: 'refund', text: 'Refunds take five days', language: 'en-US' },
  { name: 'bye', text: 'Thanks for the greeting card', language: 'en-US' },
]

describe('standard response search', () => {
  it('searches only a draft that is a / and one word', () => {
    expect(responseQuery('/')).toBe('')
    expect(responseQuery('/gre')).toBe('gre')
    expect(responseQuery('hello /gre')).toBeNull()
    expect(responseQuery('/gre more')).toBeNull()
  })

  it('lists name matches before text matches, ignoring case', () => {
    expect(matchResponses(RESPONSES, 'GREET').map((response) => response.name)).toEqual([
      'greeting',
      'bye',
    ])
    expect(matchResponses(RESPONSES, '')).toHaveLength(3)
    expect(matchResponses(RESPONSES, 'nothing')).toEqual([])
  })
})
