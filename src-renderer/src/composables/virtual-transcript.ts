/**
 * The transcript's virtualiser (@tanstack/vue-virtual): only the rows on screen, plus a small
 * overscan, are rendered, so 100,000 events cost what 30 do. It is anchored at its end like a
 * chat: new events are followed while the reader is at the bottom, and older pages prepended
 * on scrolling up keep the row being read in place (`anchorTo: 'end'`, keys by `eventId`).
 */
import { useVirtualizer } from '@tanstack/vue-virtual'
import { computed, nextTick, ref, watch, type ComponentPublicInstance, type Ref } from 'vue'
import type { ChatEvent } from '../../../src-shared/domain'

/** Room above the first row for the "beginning of the chat" line. */
export const TOP_PADDING = 36
/** Rows above the first one on screen at which the next older page is asked for. */
const LOAD_OLDER_WITHIN = 8

export interface VirtualTranscriptOptions {
  events: Ref<readonly ChatEvent[]>
  isLoaded: Ref<boolean>
  hasOlder: Ref<boolean>
  loadOlder: () => void
}

export function useVirtualTranscript(options: VirtualTranscriptOptions) {
  const { events } = options
  const scroller = ref<HTMLElement | null>(null)
  /** False until the first page has been scrolled into view: no older page is asked for before. */
  const hasSettled = ref(false)

  const virtualizer = useVirtualizer<HTMLElement, HTMLElement>(
    computed(() => ({
      count: events.value.length,
      getScrollElement: () => scroller.value,
      estimateSize: (index: number) => (events.value[index]?.type === 'message' ? 62 : 30),
      getItemKey: (index: number) => events.value[index]?.eventId ?? `missing-${index}`,
      overscan: 8,
      paddingStart: TOP_PADDING,
      paddingEnd: 8,
      anchorTo: 'end' as const,
      followOnAppend: true,
      scrollEndThreshold: 48,
    })),
  )

  const rows = computed(() => virtualizer.value.getVirtualItems())
  const totalSize = computed(() => virtualizer.value.getTotalSize())
  const windowOffset = computed(() => rows.value[0]?.start ?? 0)

  /** `:ref` of each row: measures its real height. */
  function measure(element: Element | ComponentPublicInstance | null): void {
    if (element instanceof HTMLElement) virtualizer.value.measureElement(element)
  }

  watch(
    options.isLoaded,
    async (isLoaded) => {
      if (!isLoaded || hasSettled.value) return
      await nextTick()
      virtualizer.value.scrollToEnd()
      requestAnimationFrame(() => {
        hasSettled.value = true
      })
    },
    { immediate: true },
  )

  watch(
    () => [rows.value[0]?.index, hasSettled.value, options.hasOlder.value] as const,
    ([firstIndex, isSettled, hasOlder]) => {
      if (!isSettled || !hasOlder || firstIndex === undefined) return
      if (firstIndex < LOAD_OLDER_WITHIN) options.loadOlder()
    },
  )

  return { scroller, rows, totalSize, windowOffset, measure }
}
