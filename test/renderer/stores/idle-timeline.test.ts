import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { IdleTimelineResult } from '../../../src-shared/console-api/idle-timeline'
import { useIdleTimelineStore } from '../../../src-renderer/src/stores/idle-timeline'
import { useSelectedSessionStore } from '../../../src-renderer/src/stores/selected-session'
import {
  freshStores,
  idleTimelineResult,
  message,
  SESSION_ID,
  settle,
  summary,
  type FakeConsoleClient,
} from '../fake-client'

const NOW = 1_700_000_010_000

const RESET = {
  time: NOW + 900,
  kind: 'reset',
  text: 'message reset the timer',
  eventId: 9,
  phase: 'alert',
  deadline: NOW + 255_900,
  visibility: 'ALL',
} as const

function update(sessionId = SESSION_ID, lastEventId = 9) {
  client.push({
    push: 'session-update',
    idleEntries: [RESET],
    summary: summary({
      lastEventId,
      idleStatus: { phase: 'alert', deadline: NOW + 255_900, phaseStartedAt: NOW + 900 },
    }),
    sessionId,
    application: 'ChatServer',
    endpoint: 'gms_builtin',
    state: 'active',
    events: [message(9)],
  })
}

let client: FakeConsoleClient
let current: IdleTimelineResult

describe('the idle timeline panel', () => {
  beforeEach(async () => {
    vi.useFakeTimers({ now: NOW })
    client = freshStores()
    client.answer('getSession', { session: summary(), serverTime: NOW })
    current = idleTimelineResult({ serverTime: NOW })
    client.on('idleTimeline', () => ({ result: current }))
    await useSelectedSessionStore().select(SESSION_ID)
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('reads the timeline when shown, and counts down to its deadline', async () => {
    const timeline = useIdleTimelineStore()
    timeline.show(true)
    await settle()

    expect(client.callsOf('idleTimeline')).toEqual([{ sessionId: SESSION_ID }])
    expect(timeline.countdown).toEqual({ phase: 'alert', secondsLeft: 245, isDue: false })
    vi.advanceTimersByTime(5000)
    expect(timeline.countdown?.secondsLeft).toBe(240)
  })

  it('applies the entries and status a push carries, once, without reading it again', async () => {
    const timeline = useIdleTimelineStore()
    timeline.show(true)
    await settle()
    const before = timeline.timeline!.entries.length

    update()
    update() // the same push again: applied once
    await vi.advanceTimersByTimeAsync(400)

    expect(client.callsOf('idleTimeline')).toHaveLength(1)
    expect(timeline.timeline?.entries.slice(before)).toEqual([RESET])
    expect(timeline.timeline?.status).toEqual({
      phase: 'alert',
      deadline: NOW + 255_900,
      phaseStartedAt: NOW + 900,
    })
  })

  it('ignores updates of other chats, and every update while hidden', async () => {
    const timeline = useIdleTimelineStore()
    timeline.show(true)
    await settle()
    const shown = timeline.timeline
    update('S000000000000002')
    await vi.advanceTimersByTimeAsync(400)
    timeline.show(false)
    update()
    await vi.advanceTimersByTimeAsync(400)

    expect(client.callsOf('idleTimeline')).toHaveLength(1)
    expect(timeline.timeline).toBe(shown)
  })

  it('keeps the newer timeline when an older reply comes late', async () => {
    const timeline = useIdleTimelineStore()
    timeline.show(true)
    await settle()
    current = idleTimelineResult({ serverTime: NOW - 1000, droppedEntries: 99 })

    await timeline.load()

    expect(timeline.timeline?.serverTime).toBe(NOW)
    expect(timeline.timeline?.droppedEntries).toBe(0)
  })

  it('shows the refusal, and starts empty for another chat', async () => {
    const timeline = useIdleTimelineStore()
    timeline.show(true)
    await settle()
    client.refuse('idleTimeline', { code: 'forbidden', message: 'Not yours' })

    await useSelectedSessionStore().select('S000000000000002')
    await settle()

    expect(timeline.timeline).toBeNull()
    expect(timeline.error?.message).toBe('Not yours')
  })
})
