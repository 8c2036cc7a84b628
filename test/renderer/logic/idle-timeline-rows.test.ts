import { describe, expect, it } from 'vitest'
import type { IdleTimelineEntry } from '../../../src-shared/console-api/idle-timeline'
import { DEFAULT_IDLE_SETTINGS } from '../../../src-shared/idle-settings'
import {
  isNewerTimeline,
  settingsSummary,
  timelineRows,
} from '../../../src-renderer/src/logic/idle-timeline-rows'
import { idleTimelineResult as timeline } from '../fake-client'

const T0 = 1_700_000_000_000
/** A stand-in for the locale's clock format: seconds since T0. */
const clock = (time: number) => `+${(time - T0) / 1000}s`

function entry(overrides: Partial<IdleTimelineEntry>): IdleTimelineEntry {
  return {
    time: T0,
    kind: 'reset',
    text: 'message reset the timer',
    phase: 'alert',
    deadline: T0 + 255_000,
    visibility: 'INT',
    ...overrides,
  }
}

describe('the idle timeline rows', () => {
  it('lists entries newest first, each explaining itself', () => {
    const rows = timelineRows(
      timeline({
        entries: [
          entry({
            kind: 'started',
            text: 'timers started: idle control on and an agent in the session',
          }),
          entry({
            time: T0 + 2000,
            kind: 'ignored',
            text: 'typing ignored: include-notices=major',
            eventId: 4,
            nickname: 'Ann',
            partyType: 'CLIENT',
          }),
          entry({
            time: T0 + 5000,
            eventId: 5,
            nickname: 'Alex',
            partyType: 'AGENT',
            deadline: T0 + 260_000,
          }),
        ],
      }),
      clock,
    )

    expect(rows.map((row) => [row.kind, row.label, row.text])).toEqual([
      ['reset', 'Reset', 'message reset the timer'],
      ['ignored', 'Not counted', 'typing ignored: include-notices=major'],
      ['started', 'Started', 'timers started: idle control on and an agent in the session'],
    ])
    expect(rows[0]).toMatchObject({
      cause: 'event 5 · Alex (Agent)',
      after: '→ waiting for the first alert until +260s',
      eventId: 5,
      by: null,
    })
    expect(rows[2]).toMatchObject({ cause: null, eventId: null })
  })

  it('names who changed the settings, and says when no timer runs afterwards', () => {
    const [row] = timelineRows(
      timeline({
        entries: [
          entry({
            kind: 'settings',
            text: 'Idle control changed by workflow: enabled true → false',
            by: 'workflow',
            eventId: 9,
            phase: 'off',
            deadline: null,
          }),
        ],
      }),
      clock,
    )
    expect(row).toMatchObject({
      label: 'Settings',
      className: 'tl-settings',
      by: 'by workflow',
      cause: 'event 9',
      after: '→ no timer running',
    })
  })

  it('marks an entry caused by a VIP event as supervisor-only', () => {
    const [row] = timelineRows(
      timeline({
        entries: [entry({ kind: 'ignored', text: 'VIP message ignored', visibility: 'VIP' })],
      }),
      clock,
    )
    expect(row?.isSupervisorOnly).toBe(true)
  })

  it('keys rows by their place in the whole timeline, so a refresh keeps them', () => {
    const rows = timelineRows(
      timeline({ droppedEntries: 7, entries: [entry({}), entry({ kind: 'alert' })] }),
      clock,
    )
    expect(rows.map((row) => row.key)).toEqual([8, 7])
    expect(timelineRows(null, clock)).toEqual([])
  })

  it('sums the settings up in one line', () => {
    expect(settingsSummary({ ...DEFAULT_IDLE_SETTINGS, enabled: true, timeoutAlert: 30 })).toBe(
      'On · include-notices=major · first alert after 30 s · no second alert · close 45 s after the last alert',
    )
    expect(settingsSummary({ ...DEFAULT_IDLE_SETTINGS, timeoutAlert2: 20 })).toContain(
      'Off · include-notices=major · first alert after 255 s · second alert 20 s later',
    )
  })

  it('drops a reply older than the timeline shown, but not another session’s', () => {
    const shown = timeline({ serverTime: T0 + 5000 })
    expect(isNewerTimeline(shown, timeline({ serverTime: T0 + 4000 }))).toBe(false)
    expect(isNewerTimeline(shown, timeline({ serverTime: T0 + 5000 }))).toBe(true)
    expect(isNewerTimeline(shown, timeline({ sessionId: 'S000000000000002', serverTime: 0 }))).toBe(
      true,
    )
    expect(isNewerTimeline(null, shown)).toBe(true)
  })
})
