/**
 * Keyboard navigation between sessions (docs/console-api.md, "Everyone"): inside a list, ↑/↓ or j/k move
 * the focus between rows and Enter opens one (rows are buttons); from anywhere, Alt+↑/↓ opens the
 * previous or next session of the list and puts the focus on its row.
 */
import { nextTick, onBeforeUnmount, onMounted } from 'vue'
import { neighbourId, nextListIndex } from '../logic/list-navigation'
import { useSelectedSessionStore } from '../stores/selected-session'
import { useSessionsStore } from '../stores/sessions'

const NAV_ITEM = '[data-nav-item]'

/** `@keydown` handler of a list container whose rows carry `data-nav-item`. */
export function onListKeydown(event: KeyboardEvent): void {
  if (event.altKey || event.ctrlKey || event.metaKey) return
  const target = event.target
  if (!(target instanceof HTMLElement) || !target.matches(NAV_ITEM)) return
  const container = event.currentTarget as HTMLElement
  const items = [...container.querySelectorAll<HTMLElement>(NAV_ITEM)]
  const next = nextListIndex(event.key, items.indexOf(target), items.length)
  if (next === null) return
  event.preventDefault()
  items[next]?.focus()
}

function focusRow(sessionId: string): void {
  const row = document.querySelector<HTMLElement>(
    `[data-session-id="${CSS.escape(sessionId)}"] ${NAV_ITEM}`,
  )
  row?.focus()
}

/** Installs Alt+↑/↓ on the window for the component's lifetime. */
export function useSessionHotkeys(): void {
  const sessions = useSessionsStore()
  const selected = useSelectedSessionStore()

  function onKeydown(event: KeyboardEvent): void {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return
    const next = neighbourId(
      sessions.navigationOrder,
      selected.sessionId,
      event.key === 'ArrowDown' ? 1 : -1,
    )
    if (next === null) return
    event.preventDefault()
    void selected.select(next)
    void nextTick(() => focusRow(next))
  }

  onMounted(() => window.addEventListener('keydown', onKeydown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown))
}
