/**
 * `listLanguages`: the languages an application is configured with, which the language switcher
 * and the ESP composer offer, for either role.
 */
import { describe, expect, it } from 'vitest'
import { ConsoleService } from '../../../src-main/console/console-service'
import {
  createTestEngine,
  otherApplication,
  startChat,
  testApplication,
} from '../../helpers/engine'
import { call, createConsoleKit, refused } from './console-fixture'

describe('listLanguages', () => {
  it("lists the application's configured languages in order, with its default", async () => {
    const kit = createConsoleKit()
    const supervisor = await kit.window('supervisor1')

    expect(await call(supervisor, 'listLanguages', { application: 'ChatServer' })).toEqual({
      application: 'ChatServer',
      defaultCode: 'en-US',
      languages: [
        { code: 'en-US', name: 'English' },
        { code: 'fr-FR', name: 'Français' },
        { code: 'de-DE', name: 'Deutsch' },
      ],
    })
  })

  it('offers the list to agents too, without the idle texts of each language', async () => {
    const kit = createConsoleKit()
    const agent = await kit.window('agent1')

    const { languages } = await call(agent, 'listLanguages', { application: 'ChatServer' })

    expect(languages.find((language) => language.code === 'fr-FR')).toEqual({
      code: 'fr-FR',
      name: 'Français',
    })
  })

  it('answers an application with no languages with an empty list and no default', async () => {
    const test = createTestEngine({ applications: [testApplication(), otherApplication()] })
    const service = new ConsoleService({
      engine: test.engine,
      users: [{ id: 'sam', name: 'Sam', role: 'supervisor' }],
    })
    const window = service.openSession()
    try {
      await call(window, 'signIn', { userId: 'sam' })
      expect(await call(window, 'listLanguages', { application: 'OtherServer' })).toEqual({
        application: 'OtherServer',
        defaultCode: null,
        languages: [],
      })
    } finally {
      await window.close()
      await test.close()
    }
  })

  it('refuses an unknown application, naming the field', async () => {
    const kit = createConsoleKit()
    const supervisor = await kit.window('supervisor1')

    expect(await refused(supervisor, 'listLanguages', { application: 'NoSuchServer' })).toEqual({
      code: 'unknown-application',
      message: 'No application named "NoSuchServer"',
      field: 'application',
    })
    expect(await refused(supervisor, 'listLanguages', {})).toMatchObject({
      code: 'invalid-params',
      field: 'application',
    })
  })

  it('needs a signed-in window', async () => {
    const kit = createConsoleKit()
    const window = await kit.window()

    expect(await refused(window, 'listLanguages', { application: 'ChatServer' })).toMatchObject({
      code: 'not-signed-in',
    })
  })

  it('lists every language the session can be switched to', async () => {
    const kit = createConsoleKit()
    const { sessionId } = await startChat(kit.engine)
    const supervisor = await kit.window('supervisor1')
    const { languages } = await call(supervisor, 'listLanguages', { application: 'ChatServer' })

    for (const { code } of languages) {
      await call(supervisor, 'setLanguage', { sessionId, code })
      const { session } = await call(supervisor, 'getSession', { sessionId })
      expect(session.language?.code).toBe(code)
    }
  })
})
