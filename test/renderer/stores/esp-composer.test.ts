import { beforeEach, describe, expect, it } from 'vitest'
import type { EspSendResult } from '../../../src-shared/console-api/results'
import { useEspComposerStore } from '../../../src-renderer/src/stores/esp-composer'
import { useSelectedSessionStore } from '../../../src-renderer/src/stores/selected-session'
import { freshStores, SESSION_ID, summary, type FakeConsoleClient } from '../fake-client'

function sent(
  parameters: Record<string, string>,
  answer: EspSendResult['answer'],
  method = 'Message',
): EspSendResult {
  return {
    request: {
      referenceId: 1,
      service: 'Chat',
      method,
      interactionId: SESSION_ID,
      parameters,
      userData: {},
    },
    answer,
    elapsedMs: 3,
  }
}

const response = (eventIds: number[]): EspSendResult['answer'] => ({
  referenceId: 1,
  event: 'Event3rdServerResponse',
  result: { sessionId: SESSION_ID, eventIds },
  ignoredParameters: [],
})

describe('the ESP composer', () => {
  let client: FakeConsoleClient

  beforeEach(async () => {
    client = freshStores()
    client.answer('getSession', { session: summary(), serverTime: 0 })
    await useSelectedSessionStore().select(SESSION_ID)
  })

  it('shows a problem only for a field the user has touched, until a send is tried', async () => {
    const composer = useEspComposerStore()
    expect(composer.fieldProblems).toEqual({})

    composer.setValue('Visibility', 'EVERYONE')
    expect(composer.fieldProblems).toEqual({
      Visibility: 'Visibility must be one of ALL, INT, VIP (got "EVERYONE")',
    })

    expect(await composer.send()).toBe(false)
    expect(composer.fieldProblems).toHaveProperty('MessageText')
    expect(composer.isBlocked).toBe(true)
    expect(client.callsOf('espSend')).toEqual([])
  })

  it('sends anyway when asked, and shows the fault ESP answers', async () => {
    const fault: EspSendResult['answer'] = {
      referenceId: 1,
      event: 'Event3rdServerFault',
      fault: {
        code: 'invalid-parameter',
        parameter: 'Visibility',
        text: 'Visibility must be ALL, INT or VIP (got "EVERYONE")',
      },
    }
    client.on('espSend', (params) => ({
      result: sent(params.parameters as Record<string, string>, fault),
    }))
    const composer = useEspComposerStore()
    composer.setValue('MessageText', 'Hello')
    composer.setValue('Visibility', 'EVERYONE')

    await composer.send()
    expect(await composer.send({ isForced: true })).toBe(true)

    expect(client.callsOf('espSend')).toEqual([
      {
        sessionId: SESSION_ID,
        method: 'Message',
        parameters: { MessageText: 'Hello', Visibility: 'EVERYONE' },
      },
    ])
    expect(composer.result?.answer).toEqual(fault)
    expect(composer.error).toBeNull()
    expect(composer.isBlocked).toBe(false)
  })

  it('sends a valid form at once, with the method picked and the extras', async () => {
    client.on('espSend', (params) => ({
      result: sent(params.parameters as Record<string, string>, response([7]), params.method),
    }))
    const composer = useEspComposerStore()
    composer.pick('IdleControlConfigure')
    composer.setValue('enabled', 'true')
    composer.setValue('timeout-alert', '30')
    composer.setExtra('Typo=1')

    expect(await composer.send()).toBe(true)
    expect(client.callsOf('espSend')).toEqual([
      {
        sessionId: SESSION_ID,
        method: 'IdleControlConfigure',
        parameters: { enabled: 'true', 'timeout-alert': '30', Typo: '1' },
      },
    ])
    expect(composer.result?.answer).toMatchObject({ result: { eventIds: [7] } })
  })

  it('keeps each method’s draft when switching between methods', () => {
    const composer = useEspComposerStore()
    composer.setValue('MessageText', 'Kept')
    composer.pick('Notice')
    expect(composer.draft.NoticeType).toEqual({ value: '', isIncluded: true })
    composer.pick('Message')
    expect(composer.draft.MessageText).toEqual({ value: 'Kept', isIncluded: true })
  })

  it('shows a failed call as an error, not as an answer', async () => {
    client.refuse('espSend', {
      code: 'esp-unavailable',
      message: 'This console has no ESP endpoint to send to',
    })
    const composer = useEspComposerStore()
    composer.setValue('MessageText', 'Hello')

    expect(await composer.send()).toBe(false)
    expect(composer.error?.code).toBe('esp-unavailable')
    expect(composer.result).toBeNull()
  })

  it('forgets the answer when another chat is opened, even one still on its way', async () => {
    let answer: (value: { result: EspSendResult }) => void = () => {}
    client.on('espSend', () => new Promise((resolve) => (answer = resolve)))
    const composer = useEspComposerStore()
    composer.setValue('MessageText', 'Hello')
    const sending = composer.send()
    expect(composer.isLoading).toBe(true)

    await useSelectedSessionStore().select('S000000000000002')
    answer({ result: sent({ MessageText: 'Hello' }, response([3])) })
    await sending

    expect(composer.result).toBeNull()
    expect(composer.isLoading).toBe(false)
  })
})
