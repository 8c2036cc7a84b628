/**
 * The live idle countdown of the open chat: phase and seconds left until `idleStatus.deadline`,
 * on the server's clock, ticking each second.
 */
import { defineStore } from 'pinia'
import { computed } from 'vue'
import { idleCountdown, type IdleCountdown } from '../logic/countdown'
import { useClockStore } from './clock'
import { useSelectedSessionStore } from './selected-session'

export const useIdleCountdownStore = defineStore('idleCountdown', () => {
  const selected = useSelectedSessionStore()
  const clock = useClockStore()

  const countdown = computed<IdleCountdown | null>(() => {
    const summary = selected.summary
    if (!summary) return null
    return idleCountdown(summary.idleStatus, clock.now + selected.serverOffset)
  })
  /** Idle control is switched on for the session (its timers may still wait for an agent). */
  const isEnabled = computed(() => selected.summary?.idleControl.enabled ?? false)

  return { countdown, isEnabled }
})
