/**
 * A shared one-second tick for every live duration on screen (wait times, the idle countdown),
 * aligned to the second so that all of them change together.
 */
import { defineStore } from 'pinia'
import { onScopeDispose, ref } from 'vue'

export const useClockStore = defineStore('clock', () => {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setTimeout> | undefined

  function tick(): void {
    now.value = Date.now()
    timer = setTimeout(tick, 1000 - (now.value % 1000))
  }
  timer = setTimeout(tick, 1000 - (now.value % 1000))
  onScopeDispose(() => clearTimeout(timer))

  /** Reads the clock now rather than at the last tick (after a reply, say). */
  function refresh(): void {
    now.value = Date.now()
  }

  return { now, refresh }
})
