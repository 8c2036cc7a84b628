import type { ChatEvent, IncludeNotices, NoticeType } from '../../src-shared/domain'

/** Which notice types count as activity under each `include-notices` value (docs/sessions.md). */
const COUNTED_NOTICES: Record<IncludeNotices, ReadonlySet<NoticeType>> = {
  none: new Set(),
  major: new Set(['USER_PUSHED_URL']),
  major2: new Set(['USER_PUSHED_URL', 'USER_CUSTOM']),
  typing: new Set(['USER_PUSHED_URL', 'TYPING_STARTED']),
  all: new Set([
    'USER_PUSHED_URL',
    'USER_CUSTOM',
    'TYPING_STARTED',
    'TYPING_STOPPED',
    'USER_UPDATE_NICK',
  ]),
}

/** Whether an event counts as activity, and if not, why not (for the idle timeline). */
export type IdleVerdict =
  | { counts: true }
  | { counts: false; reason: 'visibility' | 'bot' | 'include-notices' | 'not-user-event' }

/**
 * Why `event` does or does not restart the inactivity timers: a join or leave, a non-bot message
 * or a counted notice, and only with visibility ALL (INT and VIP never count).
 */
export function idleVerdict(
  event: ChatEvent,
  includeNotices: IncludeNotices,
  isFromBot: boolean,
): IdleVerdict {
  if (event.visibility !== 'ALL') return { counts: false, reason: 'visibility' }
  switch (event.type) {
    case 'party-joined':
    case 'party-left':
      return { counts: true }
    case 'message':
      return isFromBot ? { counts: false, reason: 'bot' } : { counts: true }
    case 'notice':
      return COUNTED_NOTICES[includeNotices].has(event.noticeType)
        ? { counts: true }
        : { counts: false, reason: 'include-notices' }
    default:
      return { counts: false, reason: 'not-user-event' }
  }
}

/**
 * True when `event` restarts the inactivity timers: a join or leave, a non-bot message or a
 * counted notice, and only with visibility ALL (INT and VIP never count).
 */
export function isIdleActivity(
  event: ChatEvent,
  includeNotices: IncludeNotices,
  isFromBot: boolean,
): boolean {
  return idleVerdict(event, includeNotices, isFromBot).counts
}
