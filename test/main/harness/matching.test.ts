import { describe, expect, it } from 'vitest'
import { checkView, itemDifferences, matchesValue } from '../../../src-main/harness/matching'
import type { ItemMatch } from '../../../src-main/harness/scenario-schema'

const items = [
  { type: 'Notice.Joined', nickname: 'Ann', text: 'has joined the session', at: 0 },
  { type: 'Message.Text', nickname: 'system', text: 'An agent will be with you shortly', at: 1 },
  { type: 'Message.Text', nickname: 'Ann', text: 'Thanks', at: 30 },
]

describe('matching', () => {
  it('compares fields as text, or by substring or pattern', () => {
    expect(matchesValue('30', 30)).toBe(true)
    expect(matchesValue(30, '30')).toBe(true)
    expect(matchesValue('Ann', 'Anne')).toBe(false)
    expect(matchesValue({ contains: 'shortly' }, 'with you shortly')).toBe(true)
    expect(matchesValue({ regex: '^An .* shortly$' }, 'An agent will be with you shortly')).toBe(
      true,
    )
    expect(matchesValue(null, undefined)).toBe(true)
    expect(matchesValue(true, 'true')).toBe(false)
  })

  it('names each field that differs, and a field the item lacks', () => {
    expect(itemDifferences({ text: 'Hi', mode: 'coach' }, { text: 'Hello' })).toEqual([
      'text: expected "Hi", got "Hello"',
      'mode: expected "coach", got (no such field)',
    ])
  })

  it('checks the last item, showing expected and actual', () => {
    const [mismatch] = checkView('expect.customer', { last: { text: 'Bye' } }, items)

    expect(mismatch?.path).toBe('expect.customer.last')
    expect(mismatch?.message).toBe('text: expected "Bye", got "Thanks"')
    expect(mismatch?.details[0]).toBe('expected {text: "Bye"}')
    expect(mismatch?.details[1]).toMatch(/^actual {3}\{type: "Message.Text", nickname: "Ann"/)
  })

  it('takes a plain list as every item in order, marking each line of the diff', () => {
    const expected = [{ nickname: 'Ann' }, { nickname: 'bot' }]
    const [mismatch] = checkView('expect.agent', expected, items)

    expect(mismatch?.message).toBe('2 expected, 3 seen')
    expect(mismatch?.details[0]).toMatch(/^ {2}✓ {3}1 /)
    expect(mismatch?.details[1]).toMatch(/^ {2}✗ {3}2 expected \{nickname: "bot"\}/)
    expect(mismatch?.details.at(-1)).toMatch(/^ {2}\+ {3}3 not expected /)
  })

  // Compared position by position, one missing item used to show as a change plus a "missing".
  it('lines the lists up, so one missing item is one "-" line and the rest still match', () => {
    const expected: ItemMatch[] = [
      { nickname: 'Ann' },
      { text: 'Hello' },
      { nickname: 'system' },
      { text: 'Thanks' },
    ]
    const [mismatch] = checkView('expect.customer', expected, items)

    expect(mismatch?.message).toBe('4 expected, 3 seen')
    expect(mismatch?.details).toHaveLength(4)
    expect(mismatch?.details[0]).toMatch(/^ {2}✓ {3}1 /)
    expect(mismatch?.details[1]).toBe('  -     missing  {text: "Hello"}')
    expect(mismatch?.details[2]).toMatch(/^ {2}✓ {3}2 /)
    expect(mismatch?.details[3]).toMatch(/^ {2}✓ {3}3 /)
  })

  it('marks a seen item nobody expected with "+", the others still matching', () => {
    const expected: ItemMatch[] = [{ nickname: 'Ann' }, { text: 'Thanks' }]
    const [mismatch] = checkView('expect.customer', expected, items)

    expect(mismatch?.details.map((line) => line.slice(0, 7))).toEqual([
      '  ✓   1',
      '  +   2',
      '  ✓   3',
    ])
  })

  it('finds contained items in order, and reports excluded ones seen', () => {
    const inOrder: ItemMatch[] = [{ nickname: 'system' }, { text: 'Thanks' }]
    expect(checkView('v', { contains: inOrder }, items)).toEqual([])
    const reversed: ItemMatch[] = [{ text: 'Thanks' }, { nickname: 'system' }]
    expect(checkView('v', { contains: reversed }, items)[0]?.path).toBe('v.contains[1]')
    const excluded = checkView('v', { excludes: [{ nickname: 'system' }] }, items)
    expect(excluded[0]?.message).toBe('seen although excluded: {nickname: "system"}')
  })

  it('counts items', () => {
    expect(checkView('v', { count: 3 }, items)).toEqual([])
    expect(checkView('v', { count: 2 }, items)[0]?.message).toBe('expected 2, saw 3')
  })
})
