/**
 * The composer's `/` picker, keyboard only: typing `/` and a few letters lists the matching
 * standard responses; ↑/↓ move, Enter or Tab inserts the response as the draft (to edit before
 * sending), Escape closes the list and keeps the draft.
 */
import { computed, ref, watch, type Ref } from 'vue'
import { matchResponses, responseQuery } from '../logic/response-search'
import { useStandardResponsesStore } from '../stores/standard-responses'

interface KeyLike {
  key: string
  shiftKey?: boolean
  preventDefault(): void
}

export function useResponsePicker(
  sessionId: Ref<string>,
  draft: Ref<string>,
  insert: (text: string) => void,
) {
  const store = useStandardResponsesStore()
  const activeIndex = ref(0)
  const dismissedDraft = ref<string | null>(null)

  const query = computed(() => responseQuery(draft.value))
  const matches = computed(() =>
    query.value === null ? [] : matchResponses(store.responsesOf(sessionId.value), query.value),
  )
  const isOpen = computed(
    () => query.value !== null && dismissedDraft.value !== draft.value && matches.value.length > 0,
  )

  watch(query, (next) => {
    activeIndex.value = 0
    if (next !== null) void store.load(sessionId.value)
  })

  function choose(index: number): void {
    const response = matches.value[index]
    if (response) insert(response.text)
  }

  /** Handles the picker's keys; true when the key was the picker's (the caller stops there). */
  function onKeydown(event: KeyLike): boolean {
    if (!isOpen.value) return false
    const count = matches.value.length
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const step = event.key === 'ArrowDown' ? 1 : -1
      activeIndex.value = (activeIndex.value + step + count) % count
    } else if (event.key === 'Enter' || (event.key === 'Tab' && !event.shiftKey)) {
      choose(activeIndex.value)
    } else if (event.key === 'Escape') {
      dismissedDraft.value = draft.value
    } else {
      return false
    }
    event.preventDefault()
    return true
  }

  return { isOpen, matches, activeIndex, onKeydown, choose }
}
