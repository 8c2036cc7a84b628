/**
 * Light and dark themes: the system's preference (`prefers-color-scheme`) unless the user picked
 * one, which is remembered. The resolved theme is set on `<html data-theme>`, where the CSS
 * variables of styles/theme.css take it up.
 */
import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, watch } from 'vue'
import { readStored, writeStored } from '../logic/storage'

export const THEME_CHOICES = ['system', 'light', 'dark'] as const
export type ThemeChoice = (typeof THEME_CHOICES)[number]
export type ResolvedTheme = Exclude<ThemeChoice, 'system'>

const THEME_KEY = 'switchboard.theme'
const DARK_QUERY = '(prefers-color-scheme: dark)'

function storedChoice(): ThemeChoice {
  const stored = readStored('localStorage', THEME_KEY)
  return (THEME_CHOICES as readonly string[]).includes(stored ?? '')
    ? (stored as ThemeChoice)
    : 'system'
}

export const useThemeStore = defineStore('theme', () => {
  const choice = ref<ThemeChoice>(storedChoice())
  const media = typeof matchMedia === 'function' ? matchMedia(DARK_QUERY) : undefined
  const prefersDark = ref(media?.matches ?? false)
  const onMediaChange = (event: MediaQueryListEvent) => {
    prefersDark.value = event.matches
  }
  media?.addEventListener('change', onMediaChange)
  onScopeDispose(() => media?.removeEventListener('change', onMediaChange))

  const resolved = computed<ResolvedTheme>(() =>
    choice.value === 'system' ? (prefersDark.value ? 'dark' : 'light') : choice.value,
  )

  function setChoice(next: ThemeChoice): void {
    choice.value = next
    writeStored('localStorage', THEME_KEY, next === 'system' ? null : next)
  }

  /** System → light → dark → system. */
  function cycle(): void {
    const index = THEME_CHOICES.indexOf(choice.value)
    setChoice(THEME_CHOICES[(index + 1) % THEME_CHOICES.length] ?? 'system')
  }

  watch(
    resolved,
    (theme) => {
      if (typeof document === 'undefined') return
      document.documentElement.dataset.theme = theme
      document.documentElement.style.colorScheme = theme
    },
    { immediate: true },
  )

  return { choice, resolved, prefersDark, setChoice, cycle }
})
