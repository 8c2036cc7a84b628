import type { ChatEvent, IncludeNotices, NoticeType } from '../../src-shared/domain'

/** Which notice types count as activity under each `include-notices` value (sessions.md). */
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

/**
 * True when `event` restarts the inactivity timers: a join or leave, a non-bot message or a
 * counted notice, and only with visibility ALL (INT and VIP never count).
 */
export function isIdleActivity(
  event: ChatEvent,
  includeNotices: IncludeNotices,
  isFromBot: boolean,
): boolean {
  if (event.visibility !== 'ALL') return false
  switch (event.type) {
    case 'party-joined':
    case 'party-left':
      return true
    case 'message':
      return !isFromBot
    case 'notice':
      return COUNTED_NOTICES[includeNotices].has(event.noticeType)
    default:
      return false
  }
}
