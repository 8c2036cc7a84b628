import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TYPING_PAUSE_MS, useComposerStore } from '../../../src-renderer/src/stores/composer'
import { freshStores, SESSION_ID, settle, type FakeConsoleClient } from '../fake-client'

describe('the composer', () => {
  let client: FakeConsoleClient

  beforeEach(() => {
    vi.useFakeTimers()
    client = freshStores()
    const done = { result: { sessionId: SESSION_ID, eventIds: [1] } }
    client.on('setTyping', () => done)
    client.on('sendMessage', () => done)
    client.on('sendNote', () => done)
    client.on('pushUrl', () => done)
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('sends "typing started" once, and "stopped" after a pause', () => {
    const composer = useComposerStore()
    composer.setDraft(SESSION_ID, 'H')
    composer.setDraft(SESSION_ID, 'He')
    composer.setDraft(SESSION_ID, 'Hel')
    expect(client.callsOf('setTyping')).toEqual([{ sessionId: SESSION_ID, isTyping: true }])
    vi.advanceTimersByTime(TYPING_PAUSE_MS)
    expect(client.callsOf('setTyping')).toEqual([
      { sessionId: SESSION_ID, isTyping: true },
      { sessionId: SESSION_ID, isTyping: false },
    ])
  })

  it('stops typing when the draft is emptied', () => {
    const composer = useComposerStore()
    composer.setDraft(SESSION_ID, 'H')
    composer.setDraft(SESSION_ID, '')
    expect(client.callsOf('setTyping')).toHaveLength(2)
  })

  it('sends a message and clears the draft; the message itself ends typing', async () => {
    const composer = useComposerStore()
    composer.setDraft(SESSION_ID, 'Hello')
    expect(await composer.send(SESSION_ID)).toBe(true)
    expect(client.callsOf('sendMessage')).toEqual([{ sessionId: SESSION_ID, text: 'Hello' }])
    expect(composer.draftOf(SESSION_ID)).toBe('')
    vi.advanceTimersByTime(TYPING_PAUSE_MS * 2)
    expect(client.callsOf('setTyping')).toHaveLength(1)
  })

  it('sends internal notes and pushed URLs without typing notices', async () => {
    const composer = useComposerStore()
    composer.setMode('note')
    composer.setDraft(SESSION_ID, 'For the team')
    await composer.send(SESSION_ID)
    composer.setMode('url')
    composer.setDraft(SESSION_ID, ' https://example.com/help ')
    await composer.send(SESSION_ID)
    expect(client.callsOf('sendNote')).toEqual([{ sessionId: SESSION_ID, text: 'For the team' }])
    expect(client.callsOf('pushUrl')).toEqual([
      { sessionId: SESSION_ID, url: 'https://example.com/help' },
    ])
    expect(client.callsOf('setTyping')).toEqual([])
  })

  it('refuses a bad URL before calling the engine', async () => {
    const composer = useComposerStore()
    composer.setMode('url')
    composer.setDraft(SESSION_ID, 'javascript:alert(1)')
    expect(await composer.send(SESSION_ID)).toBe(false)
    expect(composer.error?.message).toMatch(/http/)
    expect(client.callsOf('pushUrl')).toEqual([])
  })

  it('keeps the draft and shows the refusal when the engine says no', async () => {
    client.refuse('sendNote', { code: 'forbidden', message: 'Monitoring supervisors cannot' })
    const composer = useComposerStore()
    composer.setMode('note')
    composer.setDraft(SESSION_ID, 'psst')
    await composer.send(SESSION_ID)
    await settle()
    expect(composer.error?.code).toBe('forbidden')
    expect(composer.draftOf(SESSION_ID)).toBe('psst')
  })
})

describe('the composer while a send is under way', () => {
  it('keeps what the user typed meanwhile, in whatever mode', async () => {
    vi.useFakeTimers()
    const client = freshStores()
    let release: () => void = () => {}
    client.on('setTyping', () => ({ result: { sessionId: SESSION_ID, eventIds: [] } }))
    client.on('sendMessage', async () => {
      await new Promise<void>((resolve) => {
        release = resolve
      })
      return { result: { sessionId: SESSION_ID, eventIds: [2] } }
    })
    const composer = useComposerStore()
    composer.setDraft(SESSION_ID, 'Hello')
    const sending = composer.send(SESSION_ID)
    composer.setMode('note')
    composer.setDraft(SESSION_ID, 'A note typed meanwhile')
    release()
    await sending
    expect(composer.draftOf(SESSION_ID)).toBe('A note typed meanwhile')
    expect(client.callsOf('setTyping')).toEqual([
      { sessionId: SESSION_ID, isTyping: true },
      { sessionId: SESSION_ID, isTyping: false },
    ])
    vi.useRealTimers()
  })
})
