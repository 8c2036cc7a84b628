import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import type { GmsChat } from '../../../src-main/gms/gms-registry'
import { ProtocolInactivityWatch } from '../../../src-main/gms/protocol-inactivity'
import { seconds } from '../../helpers/engine'

function chat(): GmsChat {
  return {
    serviceId: 'service',
    sessionId: 'S000000000000001',
    customerPartyId: '0000000000000002',
    secureKey: '00',
    gmsUser: 'user-ann',
    isComet: true,
    subscriptionId: undefined,
    clientTimeZoneOffset: 0,
    notifiedPosition: 1,
    notificationCount: 0,
  }
}

function setUp() {
  const clock = new VirtualClock()
  const removed: GmsChat[] = []
  let isRequestOpen = false
  const watch = new ProtocolInactivityWatch<GmsChat>(
    clock,
    seconds(45),
    () => isRequestOpen,
    (inactive) => removed.push(inactive),
  )
  return {
    clock,
    watch,
    removed,
    holdRequest: (isOpen: boolean) => (isRequestOpen = isOpen),
  }
}

describe('ProtocolInactivityWatch', () => {
  it('reports a chat whose client made no request for the timeout', () => {
    const { clock, watch, removed } = setUp()
    const watched = chat()
    watch.watch(watched)
    clock.advanceBy(seconds(44))
    expect(removed).toEqual([])
    clock.advanceBy(seconds(1))
    expect(removed).toEqual([watched])
    expect(watch.isWatching(watched)).toBe(false)
  })

  it('counts the timeout from the last request', () => {
    const { clock, watch, removed } = setUp()
    const watched = chat()
    watch.watch(watched)
    clock.advanceBy(seconds(30))
    watch.touch(watched)
    clock.advanceBy(seconds(44))
    expect(removed).toEqual([])
    clock.advanceBy(seconds(1))
    expect(removed).toEqual([watched])
  })

  it('keeps a chat whose client holds a long poll, however long it is held', () => {
    const { clock, watch, removed, holdRequest } = setUp()
    const watched = chat()
    watch.watch(watched)
    holdRequest(true)
    clock.advanceBy(seconds(300))
    expect(removed).toEqual([])
    holdRequest(false)
    clock.advanceBy(seconds(45))
    expect(removed).toEqual([watched])
  })

  it('stops watching a chat that ended, and everything on close', () => {
    const { clock, watch, removed } = setUp()
    const ended = chat()
    const other = chat()
    watch.watch(ended)
    watch.watch(other)
    watch.unwatch(ended)
    watch.close()
    clock.advanceBy(seconds(100))
    expect(removed).toEqual([])
    expect(clock.pendingTimers).toBe(0)
  })
})
