import { afterEach, describe, expect, it } from 'vitest'
import { EngineError } from '../../../src-main/engine/engine-error'
import { findLanguage, initialLanguage } from '../../../src-main/engine/languages'
import {
  createTestEngine,
  noticesOf,
  startActiveChat,
  startChat,
  testApplication,
  transcript,
  type TestEngine,
} from '../../helpers/engine'

let harness: TestEngine

afterEach(async () => {
  await harness?.close()
})

function setUp(): TestEngine {
  harness = createTestEngine()
  return harness
}

describe('the language a session starts with', () => {
  it.each([
    [{ GCTI_LanguageCode: 'fr-FR' }, 'fr-FR'],
    [{ GCTI_LanguageCode: 'FR-fr' }, 'fr-FR'],
    [{ GCTI_LanguageName: 'deutsch' }, 'de-DE'],
    [{ GCTI_LanguageCode: 'de-de', GCTI_LanguageName: 'Français' }, 'de-DE'],
    [{ GCTI_LanguageCode: 'xx-XX', GCTI_LanguageName: 'Français' }, 'fr-FR'],
    [{ GCTI_LanguageCode: 'xx-XX' }, 'en-US'],
    [{ GCTI_LanguageName: 'Klingon' }, 'en-US'],
    [{}, 'en-US'],
  ])('from user data %j is %s', async (userData, code) => {
    const { engine } = setUp()
    const { sessionId } = await startChat(engine, userData)
    const summary = engine.getSession(sessionId, 'customer')!
    expect(summary.language?.code).toBe(code)
    expect(summary.userData.GCTI_LanguageCode).toBe(code)
    expect(summary.userData.GCTI_LanguageName).toBe(summary.language?.name)
  })

  it('is null, with the user data untouched, for an application without languages', () => {
    const application = testApplication({ languages: [], defaultLanguage: null })
    const userData = { GCTI_LanguageCode: 'fr-FR' }
    expect(initialLanguage(application, userData)).toBeUndefined()
  })
})

describe('switching the language', () => {
  it('switches by code, posts LANGUAGE_SET (INT) and updates the user data', async () => {
    const { engine } = setUp()
    const { sessionId } = await startActiveChat(engine)
    const result = await engine.setLanguage(sessionId, {
      selector: { code: 'fr-fr' },
      by: 'workflow',
    })
    const [set] = noticesOf(engine, sessionId, 'LANGUAGE_SET')
    expect(result.eventIds).toEqual([set!.eventId])
    expect(set).toMatchObject({ visibility: 'INT' })
    expect(set!.text).toContain('Français')
    expect(set!.text).toContain('workflow')
    const summary = engine.getSession(sessionId, 'agent')!
    expect(summary.language).toEqual({ code: 'fr-FR', name: 'Français' })
    expect(summary.userData).toMatchObject({
      GCTI_LanguageCode: 'fr-FR',
      GCTI_LanguageName: 'Français',
    })
    expect(transcript(engine, sessionId, 'customer').map((e) => e.type)).not.toContain('notice')
  })

  it('switches by name when no code is given', async () => {
    const { engine } = setUp()
    const { sessionId } = await startChat(engine)
    await engine.setLanguage(sessionId, { selector: { name: 'DEUTSCH' }, by: 'supervisor Sam' })
    expect(engine.getSession(sessionId, 'agent')?.language?.code).toBe('de-DE')
  })

  it('lets the code win over the name', async () => {
    const { engine } = setUp()
    const { sessionId } = await startChat(engine)
    await engine.setLanguage(sessionId, {
      selector: { code: 'de-DE', name: 'Français' },
      by: 'workflow',
    })
    expect(engine.getSession(sessionId, 'agent')?.language?.code).toBe('de-DE')
  })

  it('refuses an unknown code even when the name is known, and changes nothing', async () => {
    const { engine } = setUp()
    const { sessionId } = await startChat(engine)
    const before = engine.getSession(sessionId, 'supervisor')
    const refusal = engine.setLanguage(sessionId, {
      selector: { code: 'xx-XX', name: 'Français' },
      by: 'workflow',
    })
    await expect(refusal).rejects.toBeInstanceOf(EngineError)
    await expect(refusal).rejects.toMatchObject({ code: 'unknown-language' })
    await engine.flush()
    expect(engine.getSession(sessionId, 'supervisor')).toEqual(before)
  })

  it('refuses an unknown name', async () => {
    const { engine } = setUp()
    const { sessionId } = await startChat(engine)
    await expect(
      engine.setLanguage(sessionId, { selector: { name: 'Klingon' }, by: 'workflow' }),
    ).rejects.toMatchObject({
      code: 'unknown-language',
      message: expect.stringContaining('Klingon'),
    })
  })

  it('refuses a selector naming no language as a missing parameter', async () => {
    const { engine } = setUp()
    const { sessionId } = await startChat(engine)
    await expect(
      engine.setLanguage(sessionId, { selector: {}, by: 'workflow' }),
    ).rejects.toMatchObject({
      code: 'missing-parameter',
    })
  })

  it('succeeds and appends nothing when switching to the current language', async () => {
    const { engine } = setUp()
    const { sessionId } = await startChat(engine, { GCTI_LanguageCode: 'fr-FR' })
    const result = await engine.setLanguage(sessionId, {
      selector: { name: 'français' },
      by: 'workflow',
    })
    expect(result).toMatchObject({ sessionId, eventIds: [] })
    expect(noticesOf(engine, sessionId, 'LANGUAGE_SET')).toEqual([])
  })

  it('refuses a switch on a closed session', async () => {
    const { engine } = setUp()
    const { sessionId, customerPartyId } = await startChat(engine)
    await engine.leave(sessionId, customerPartyId)
    await expect(
      engine.setLanguage(sessionId, { selector: { code: 'fr-FR' }, by: 'workflow' }),
    ).rejects.toMatchObject({ code: 'session-closed' })
  })
})

describe('findLanguage', () => {
  const application = testApplication()

  it('matches codes and names ignoring case', () => {
    expect(findLanguage(application, { code: 'EN-us' })?.code).toBe('en-US')
    expect(findLanguage(application, { name: 'english' })?.code).toBe('en-US')
  })

  it('does not fall back to the name when a code is given', () => {
    expect(findLanguage(application, { code: 'zz', name: 'English' })).toBeUndefined()
  })
})
