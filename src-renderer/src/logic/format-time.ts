/** Times for people, in the user's locale. */

const clockTime = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })

/** `14:03:27` for an event time (UTC ms). */
export function formatClock(time: number): string {
  return clockTime.format(time)
}

/** `12 Mar 2025, 14:03:27` for a session's start (ISO-8601). */
export function formatDateTime(iso: string): string {
  const time = Date.parse(iso)
  return Number.isNaN(time) ? iso : dateTime.format(time)
}

/** The ISO form for `<time datetime>`. */
export function isoTime(time: number): string {
  return new Date(time).toISOString()
}
