import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ChatEvent, Visibility } from '../../../src-shared/domain'
import { visibilitiesFor } from '../../../src-shared/visibility'
import { openStore, type SqlitePersistence } from '../../../src-main/store'
import { changeWith, message, numberEvents, sessionRecord } from './store-fixtures'

const session = sessionRecord()

/** Ten events: 1-ALL 2-INT 3-ALL 4-VIP 5-ALL 6-INT 7-ALL 8-VIP 9-ALL 10-ALL. */
const VISIBILITY_BY_ID: Visibility[] = [
  'ALL',
  'INT',
  'ALL',
  'VIP',
  'ALL',
  'INT',
  'ALL',
  'VIP',
  'ALL',
  'ALL',
]
const events = numberEvents(
  session.sessionId,
  VISIBILITY_BY_ID.map((visibility, index) => message(`text ${index + 1}`, visibility)),
)
const ids = (list: readonly ChatEvent[]) => list.map((event) => event.eventId)

describe('reading events', () => {
  let persistence: SqlitePersistence
  beforeEach(async () => {
    persistence = openStore(':memory:').persistence
    await persistence.write(changeWith(session, events))
  })
  afterEach(() => persistence.close())

  const read = (role: 'customer' | 'agent' | 'supervisor', query = {}) =>
    persistence.readEvents(session.sessionId, { visibilities: visibilitiesFor(role), ...query })

  it('gives each role only the events its visibilities cover', () => {
    expect(ids(read('customer').events)).toEqual([1, 3, 5, 7, 9, 10])
    expect(ids(read('agent').events)).toEqual([1, 2, 3, 5, 6, 7, 9, 10])
    expect(ids(read('supervisor').events)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })

  it('gives nothing for an empty visibility list or an unknown session', () => {
    expect(persistence.readEvents(session.sessionId, { visibilities: [] }).events).toEqual([])
    expect(persistence.readEvents('NoSuchSession000', { visibilities: ['ALL'] })).toEqual({
      events: [],
      hasMore: false,
    })
  })

  it('pages forward after an event id, saying whether more follow', () => {
    const firstPage = read('customer', { limit: 3 })
    expect(ids(firstPage.events)).toEqual([1, 3, 5])
    expect(firstPage.hasMore).toBe(true)
    const secondPage = read('customer', { afterEventId: 5, limit: 3 })
    expect(ids(secondPage.events)).toEqual([7, 9, 10])
    expect(secondPage.hasMore).toBe(false)
  })

  it('pages back before an event id: the newest before it, in ascending order', () => {
    const page = read('agent', { beforeEventId: 9, limit: 3 })
    expect(ids(page.events)).toEqual([5, 6, 7])
    expect(page.hasMore).toBe(true)
    const oldest = read('agent', { beforeEventId: 5, limit: 3 })
    expect(ids(oldest.events)).toEqual([1, 2, 3])
    expect(oldest.hasMore).toBe(false)
  })

  it('reads a range between afterEventId and beforeEventId', () => {
    expect(ids(read('supervisor', { afterEventId: 3, beforeEventId: 7 }).events)).toEqual([4, 5, 6])
  })

  it('refuses a negative or fractional limit', () => {
    expect(() => read('customer', { limit: -1 })).toThrow(RangeError)
    expect(() => read('customer', { limit: 1.5 })).toThrow(RangeError)
  })

  it('counts the events each role sees', () => {
    expect(persistence.countEvents(session.sessionId, visibilitiesFor('customer'))).toBe(6)
    expect(persistence.countEvents(session.sessionId, visibilitiesFor('agent'))).toBe(8)
    expect(persistence.countEvents(session.sessionId, visibilitiesFor('supervisor'))).toBe(10)
  })

  it('reads from the n-th customer-visible event on', () => {
    const fromPosition = (position: number) =>
      ids(persistence.readCustomerEntriesFrom(session.sessionId, position))
    expect(fromPosition(1)).toEqual([1, 3, 5, 7, 9, 10])
    expect(fromPosition(4)).toEqual([7, 9, 10])
    expect(fromPosition(7)).toEqual([])
    expect(persistence.loadSession(session.sessionId)?.session.customerPosition).toBe(6)
    expect(() => fromPosition(0)).toThrow(RangeError)
  })
})
