/**
 * The texts of the strategy developer's tools (the ESP composer and the idle timeline): part of
 * the one messages module, reached as `messages.esp` and `messages.idleTimeline`.
 */
import type { IdleTimelineKind } from '../../../src-shared/console-api/idle-timeline'
import type { IdlePhase } from '../../../src-shared/domain'

export const espMessages = {
  title: 'ESP request',
  intro:
    'Sends one request to the real ESP endpoint for this chat, as a routing strategy would. Its messages come from a workflow party.',
  method: 'Method',
  mandatory: 'required',
  include: 'Include',
  extra: 'Extra parameters',
  extraPlaceholder: 'Misspelt=value',
  extraHelp: 'One key=value per line. Keys the method does not know come back as ignored.',
  extraBadLine: (line: string) => `Write each extra parameter as key=value (got “${line}”).`,
  extraIsField: (key: string) => `${key} is a field of this form; fill it in above.`,
  send: 'Send to ESP',
  sending: 'Sending…',
  sendAnyway: 'Send anyway',
  blocked:
    'ESP would refuse this request. Fix the marked fields, or send it anyway to see the fault.',
  methodHelp: (help: string, needsOne: boolean) =>
    needsOne ? `${help}. Give at least one parameter.` : `${help}.`,
  rules: {
    choices: (choices: readonly string[]) => choices.join(' | '),
    boolean: 'true | false',
    seconds: (min: number, max: number) => `${min}–${max} s`,
    maxLength: (max: number) => `max ${max} characters`,
  },
  result: {
    label: 'ESP’s answer',
    events: 'Events appended',
    noEvents: 'None (nothing changed)',
    ignored: 'Ignored parameters',
    noneIgnored: 'None',
    code: 'Fault code',
    parameter: 'Parameter',
    noParameter: '—',
    text: 'Text',
    elapsed: (ms: number) => `Answered in ${ms} ms`,
    exchange: 'Request and answer as JSON',
    request: 'Request',
    answer: 'Answer',
  },
} as const

export const idleTimelineMessages = {
  title: 'Idle timer',
  intro: 'Why this chat’s inactivity timer was reset or not, and who changed its settings.',
  refresh: 'Refresh',
  now: 'Now',
  due: (time: string) => `due at ${time}`,
  settings: 'Settings',
  on: 'On',
  off: 'Off',
  settingsSummary: (state: string, counts: string, alert: number, alert2: number, close: number) =>
    `${state} · include-notices=${counts} · first alert after ${alert} s · ${
      alert2 > 0 ? `second alert ${alert2} s later` : 'no second alert'
    } · close ${close} s after the last alert`,
  lastChange: 'Last change',
  noChange: 'Not changed in this chat.',
  entries: 'Timeline, newest first',
  empty: 'Nothing recorded yet. Entries appear while idle control is on.',
  dropped: (count: number) => `${count} older entries were not kept.`,
  cause: (eventId: number, who: string) => `event ${eventId} · ${who}`,
  causeEvent: (eventId: number) => `event ${eventId}`,
  party: (nickname: string, type: string) => `${nickname} (${type})`,
  by: (who: string) => `by ${who}`,
  after: (phase: string) => `→ ${phase}`,
  afterUntil: (phase: string, time: string) => `→ ${phase} until ${time}`,
  kinds: {
    reset: 'Reset',
    ignored: 'Not counted',
    'not-running': 'No timer',
    started: 'Started',
    stopped: 'Stopped',
    alert: 'First alert',
    alert2: 'Second alert',
    close: 'Closed',
    settings: 'Settings',
    restored: 'Restarted',
  } satisfies Record<IdleTimelineKind, string>,
  phases: {
    off: 'no timer running',
    alert: 'waiting for the first alert',
    alert2: 'waiting for the second alert',
    close: 'waiting to close',
  } satisfies Record<IdlePhase, string>,
} as const
