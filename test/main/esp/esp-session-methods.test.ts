import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { noticesOf, transcript } from '../../helpers/engine'
import {
  asFault,
  asResponse,
  espRequest,
  fullTranscript,
  closeEspChat,
  openEspChat,
  type EspChat,
} from './esp-test-kit'

let { server, client, sessionId } = {} as EspChat

beforeEach(async () => {
  ;({ server, client, sessionId } = await openEspChat())
})

afterEach(async () => {
  await closeEspChat({ server, client })
})

const call = (method: string, parameters: Record<string, unknown>) =>
  client.request(espRequest(method, sessionId, parameters))
const idle = () => server.engine.getSession(sessionId, 'supervisor')?.idleControl
const language = () => server.engine.getSession(sessionId, 'supervisor')?.language

describe('IdleControlConfigure', () => {
  it('reads numbers and booleans as their text and posts one IDLE_CONTROL_SET (INT)', async () => {
    const answer = asResponse(
      await call('IdleControlConfigure', { 'timeout-alert': 60, enabled: false }),
    )
    expect(answer.result).toEqual({ sessionId, eventIds: [2] })
    expect(idle()).toMatchObject({ timeoutAlert: 60, enabled: false })
    const [set] = noticesOf(server.engine, sessionId, 'IDLE_CONTROL_SET')
    expect(set).toMatchObject({ visibility: 'INT' })
    expect(set?.text).toContain('by workflow')
    expect(set?.text).toContain('timeout-alert')
    const system = server.engine.getSession(sessionId, 'supervisor')?.parties
    expect(system?.find((party) => party.partyId === set?.partyId)?.type).toBe('SYSTEM')
    expect(transcript(server.engine, sessionId, 'customer')).toHaveLength(1)
  })

  it('takes booleans in any case and every setting at once', async () => {
    const parameters = {
      enabled: 'FALSE',
      'include-notices': 'all',
      'timeout-alert': '86400',
      'timeout-alert2': '0',
      'timeout-close': '1',
      'message-alert': '',
      'message-alert2': 'soon',
      'message-close': 'bye',
    }
    asResponse(await call('IdleControlConfigure', parameters))
    expect(idle()).toMatchObject({
      enabled: false,
      includeNotices: 'all',
      timeoutAlert: 86400,
      timeoutAlert2: 0,
      timeoutClose: 1,
      messageAlert: '',
      messageAlert2: 'soon',
      messageClose: 'bye',
    })
  })

  it('returns to the application settings with reset-parameters', async () => {
    asResponse(await call('IdleControlConfigure', { 'timeout-close': 99 }))
    asResponse(await call('IdleControlConfigure', { 'reset-parameters': true }))
    expect(idle()?.timeoutClose).toBe(45)
  })

  it('refuses a request with no parameter it knows (no-parameters)', async () => {
    const empty = asFault(await call('IdleControlConfigure', {}))
    expect(empty.fault.code).toBe('no-parameters')
    const misspelt = asFault(await call('IdleControlConfigure', { timeout_alert: 60 }))
    expect(misspelt.fault.code).toBe('no-parameters')
    expect(misspelt.ignoredParameters).toEqual(['timeout_alert'])
  })

  it.each([
    ['timeout-alert', 0],
    ['timeout-alert', 86401],
    ['timeout-alert', '1.5'],
    ['timeout-alert2', -1],
    ['timeout-close', 'soon'],
    ['enabled', 'yes'],
    ['enabled', 1],
    ['reset-parameters', 'maybe'],
    ['include-notices', 'some'],
  ])('refuses %s = %s as invalid-parameter', async (parameter, value) => {
    const fault = asFault(await call('IdleControlConfigure', { [parameter]: value })).fault
    expect(fault).toMatchObject({ code: 'invalid-parameter', parameter })
  })

  it('refuses the whole request for one invalid value and changes nothing', async () => {
    const before = fullTranscript(server.engine, sessionId)
    const settings = idle()
    const answer = await call('IdleControlConfigure', { 'timeout-alert': 60, 'timeout-close': 0 })
    expect(asFault(answer).fault.parameter).toBe('timeout-close')
    expect(idle()).toEqual(settings)
    expect(fullTranscript(server.engine, sessionId)).toEqual(before)
  })
})

describe('ConfigureSession', () => {
  it('switches the language by code and posts LANGUAGE_SET (INT)', async () => {
    const answer = asResponse(await call('ConfigureSession', { GCTI_LanguageCode: 'fr-FR' }))
    expect(answer.result).toEqual({ sessionId, eventIds: [2] })
    expect(language()).toEqual({ code: 'fr-FR', name: 'Français' })
    const [set] = noticesOf(server.engine, sessionId, 'LANGUAGE_SET')
    expect(set).toMatchObject({ visibility: 'INT' })
    expect(set?.text).toContain('Français')
    expect(set?.text).toContain('workflow')
    const userData = server.engine.getSession(sessionId, 'supervisor')?.userData
    expect(userData).toMatchObject({ GCTI_LanguageCode: 'fr-FR', GCTI_LanguageName: 'Français' })
  })

  it('lets GCTI_LanguageCode win over GCTI_LanguageName', async () => {
    const parameters = { GCTI_LanguageCode: 'de-DE', GCTI_LanguageName: 'Français' }
    asResponse(await call('ConfigureSession', parameters))
    expect(language()?.code).toBe('de-DE')
  })

  it('switches by name, case-insensitively, without a code', async () => {
    asResponse(await call('ConfigureSession', { GCTI_LanguageName: 'deutsch' }))
    expect(language()?.code).toBe('de-DE')
  })

  it('succeeds and appends nothing when the language is already the current one', async () => {
    const answer = asResponse(await call('ConfigureSession', { GCTI_LanguageCode: 'en-us' }))
    expect(answer.result).toEqual({ sessionId, eventIds: [] })
    expect(fullTranscript(server.engine, sessionId)).toHaveLength(1)
  })

  it('refuses a language the application does not have (unknown-language)', async () => {
    for (const parameters of [
      { GCTI_LanguageCode: 'xx-XX' },
      { GCTI_LanguageCode: 'xx-XX', GCTI_LanguageName: 'Deutsch' },
      { GCTI_LanguageName: 'Klingon' },
    ]) {
      const fault = asFault(await call('ConfigureSession', parameters)).fault
      expect(fault.code).toBe('unknown-language')
    }
    expect(language()?.code).toBe('en-US')
    expect(fullTranscript(server.engine, sessionId)).toHaveLength(1)
  })

  it('refuses a request without either parameter (no-parameters)', async () => {
    for (const parameters of [{}, { LanguageCode: 'fr-FR' }, { GCTI_LanguageCode: '' }]) {
      expect(asFault(await call('ConfigureSession', parameters)).fault.code).toBe('no-parameters')
    }
  })
})
