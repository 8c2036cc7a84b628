/**
 * The fields an item of each view has (docs/harness.md, "Expectations"). The scenario schema accepts
 * exactly these in item matchers, so a misspelt field (`visibilty`) is an error at load time with
 * the field meant, instead of a matcher that silently matches nothing or everything.
 */

/** The customer's GMS entries (`customer`, `transcript`). */
export const GMS_FIELDS = ['type', 'nickname', 'text', 'partyType', 'at'] as const

/** An agent's or supervisor's console events (`agent`, `supervisor`). */
export const CONSOLE_FIELDS = [
  'eventId',
  'type',
  'visibility',
  'nickname',
  'partyType',
  'at',
  'text',
  'noticeType',
  'messageType',
  'mode',
  'reasonCode',
  'reason',
] as const

/** The idle timeline (`timeline`). */
export const TIMELINE_FIELDS = [
  'kind',
  'text',
  'phase',
  'deadline',
  'by',
  'nickname',
  'eventId',
  'at',
] as const

/** Strategy failures (`strategyErrors`). */
export const FAILURE_FIELDS = [
  'strategy',
  'file',
  'line',
  'column',
  'sessionId',
  'message',
] as const
