import { beforeEach, describe, expect, it } from 'vitest'
import { useCurrentUserStore } from '../../../src-renderer/src/stores/current-user'
import { languageChoices, useLanguageStore } from '../../../src-renderer/src/stores/language'
import { useSelectedSessionStore } from '../../../src-renderer/src/stores/selected-session'
import { freshStores, SESSION_ID, settle, summary, type FakeConsoleClient } from '../fake-client'

const CONFIGURED = [
  { code: 'en-US', name: 'English' },
  { code: 'fr-FR', name: 'Français' },
  { code: 'de-DE', name: 'Deutsch' },
]

describe('the language switcher’s choices', () => {
  let client: FakeConsoleClient

  beforeEach(async () => {
    client = freshStores()
    client.answer('signIn', { user: { id: 'supervisor1', name: 'Sam', role: 'supervisor' } })
    client.answer('getSession', { session: summary(), serverTime: 0 })
    client.answer('listLanguages', {
      application: 'ChatServer',
      defaultCode: 'en-US',
      languages: CONFIGURED,
    })
    await useCurrentUserStore().signIn('supervisor1')
    await useSelectedSessionStore().select(SESSION_ID)
  })

  it("offers the application's configured languages and marks its default", async () => {
    const language = useLanguageStore()
    await settle()

    expect(client.callsOf('listLanguages')).toEqual([{ application: 'ChatServer' }])
    expect(language.choices).toEqual(CONFIGURED)
    expect(language.defaultCode).toBe('en-US')
  })

  it('reads each application’s list once', async () => {
    const language = useLanguageStore()
    await settle()
    await language.loadLanguages('ChatServer')

    expect(client.callsOf('listLanguages')).toHaveLength(1)
  })

  it('falls back to the languages seen on sessions when the list cannot be read', async () => {
    client.refuse('listLanguages', { code: 'internal-error', message: 'broken' })
    const language = useLanguageStore()
    await settle()

    expect(language.choices).toEqual([{ code: 'en-US', name: 'English' }])
  })

  it('still offers a current language the configuration no longer has', () => {
    expect(languageChoices(CONFIGURED, { code: 'it-IT', name: 'Italiano' })).toEqual([
      ...CONFIGURED,
      { code: 'it-IT', name: 'Italiano' },
    ])
    expect(languageChoices(CONFIGURED, { code: 'fr-FR', name: 'Français' })).toEqual(CONFIGURED)
  })

  it('shows the server’s refusal of an unknown code, naming the field', async () => {
    client.refuse('setLanguage', {
      code: 'unknown-language',
      message: 'ChatServer has no language xx-XX',
      field: 'code',
    })
    const language = useLanguageStore()

    expect(await language.switchTo({ code: 'xx-XX' })).toBe(false)
    expect(language.error).toMatchObject({ code: 'unknown-language', field: 'code' })
  })
})
