import { beforeEach, describe, expect, it } from 'vitest'
import { useIdleEditorStore } from '../../../src-renderer/src/stores/idle-editor'
import { useSelectedSessionStore } from '../../../src-renderer/src/stores/selected-session'
import { freshStores, SESSION_ID, summary, type FakeConsoleClient } from '../fake-client'

describe('the idle-control editor', () => {
  let client: FakeConsoleClient

  beforeEach(async () => {
    client = freshStores()
    client.answer('getSession', { session: summary(), serverTime: 0 })
    await useSelectedSessionStore().select(SESSION_ID)
  })

  it('shows the session’s settings until a field is edited', () => {
    const editor = useIdleEditorStore()
    expect(editor.valueOf('timeout-alert')).toBe('255')
    editor.setValue('timeout-alert', '30')
    expect(editor.valueOf('timeout-alert')).toBe('30')
  })

  it('refuses a bad value next to its field, without calling the engine', async () => {
    const editor = useIdleEditorStore()
    editor.setValue('timeout-close', '0')
    expect(editor.fieldErrors['timeout-close']).toBe(
      'timeout-close must be a whole number of seconds from 1 to 86400 (got "0")',
    )
    expect(await editor.apply()).toBe(false)
    expect(client.callsOf('configureIdle')).toEqual([])
  })

  it('clears a field’s problem once its value is fixed', () => {
    const editor = useIdleEditorStore()
    editor.setValue('timeout-alert', 'abc')
    editor.setValue('timeout-alert', '40')
    expect(editor.fieldErrors['timeout-alert']).toBeUndefined()
  })

  it('sends the changed settings with their wire keys', async () => {
    client.answer('configureIdle', { sessionId: SESSION_ID, eventIds: [7] })
    const editor = useIdleEditorStore()
    editor.setValue('enabled', 'true')
    editor.setValue('timeout-alert', '30')
    editor.setValue('message-alert', 'Still there?')
    expect(await editor.apply()).toBe(true)
    expect(client.callsOf('configureIdle')).toEqual([
      {
        sessionId: SESSION_ID,
        settings: { enabled: 'true', 'timeout-alert': '30', 'message-alert': 'Still there?' },
      },
    ])
    expect(editor.isDirty).toBe(false)
    expect(editor.hasApplied).toBe(true)
  })

  it('shows the server’s refusal next to the field it names', async () => {
    client.refuse('configureIdle', {
      code: 'invalid-parameter',
      message: 'timeout-alert2 must be a whole number of seconds from 0 to 86400 (got "x")',
      field: 'timeout-alert2',
    })
    const editor = useIdleEditorStore()
    editor.setValue('include-notices', 'all')
    await editor.apply()
    expect(editor.fieldErrors).toEqual({
      'timeout-alert2':
        'timeout-alert2 must be a whole number of seconds from 0 to 86400 (got "x")',
    })
  })

  it('asks for a change before sending nothing', async () => {
    const editor = useIdleEditorStore()
    expect(await editor.apply()).toBe(false)
    expect(editor.formError).toBe('Change a setting first.')
  })

  it('can reset the session to the application’s defaults', async () => {
    client.answer('configureIdle', { sessionId: SESSION_ID, eventIds: [7] })
    const editor = useIdleEditorStore()
    editor.setReset(true)
    await editor.apply()
    expect(client.callsOf('configureIdle')).toEqual([
      { sessionId: SESSION_ID, settings: { 'reset-parameters': 'true' } },
    ])
  })
})
