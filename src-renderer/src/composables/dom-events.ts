/**
 * Small readers and handlers of DOM events for templates, so that components stay free of DOM
 * type names and their logic stays testable in one place.
 */
import { nextListIndex } from '../logic/list-navigation'

/** The value of the input, select or textarea an event came from. */
export function valueOf(event: Event): string {
  const target = event.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null
  return target?.value ?? ''
}

/** Whether the checkbox an event came from is checked. */
export function isCheckedIn(event: Event): boolean {
  return (event.target as HTMLInputElement | null)?.checked === true
}

/** True for Enter without Shift (and outside an IME composition): "send" in a composer. */
export function isSendKey(event: KeyboardEvent): boolean {
  return event.key === 'Enter' && !event.shiftKey && !event.isComposing
}

const TAB_KEYS: Readonly<Record<string, string>> = {
  ArrowRight: 'ArrowDown',
  ArrowLeft: 'ArrowUp',
  Home: 'Home',
  End: 'End',
}

/**
 * The tab to activate for a key pressed in a tab list (←/→, Home, End), or null; the caller
 * activates it, and the focus follows it to `${idPrefix}-tab-${id}`.
 */
export function tabForKey(
  event: KeyboardEvent,
  tabIds: readonly string[],
  activeId: string,
  idPrefix: string,
): string | null {
  const key = TAB_KEYS[event.key]
  if (key === undefined) return null
  const next = nextListIndex(key, tabIds.indexOf(activeId), tabIds.length)
  const id = next === null ? undefined : tabIds[next]
  if (id === undefined) return null
  event.preventDefault()
  requestAnimationFrame(() => document.getElementById(`${idPrefix}-tab-${id}`)?.focus())
  return id
}
