import { describe, expect, expectTypeOf, it } from 'vitest'
import { CONSOLE_METHODS } from '../../../src-shared/console-api-schemas'
import {
  CONSOLE_METHOD_NAMES,
  consoleIpcChannel,
  isConsoleMethodName,
  type ConsoleBridge,
  type ConsoleParams,
  type ConsoleReply,
  type ConsoleResult,
  type SessionResult,
  type TestCustomerView,
} from '../../../src-shared/console-api'

describe('the console API contract', () => {
  it('lists every method of docs/console-api.md once, each with a schema and roles', () => {
    expect(CONSOLE_METHOD_NAMES).toEqual([
      'listUsers',
      'signIn',
      'listSessions',
      'getSession',
      'readTranscript',
      'accept',
      'sendMessage',
      'sendNote',
      'setTyping',
      'pushUrl',
      'leave',
      'closeSession',
      'join',
      'setMode',
      'configureIdle',
      'setLanguage',
      'compareViews',
      'recordScenario',
      'testCustomer.start',
      'testCustomer.say',
      'testCustomer.typing',
      'testCustomer.leave',
      'testCustomer.refresh',
      'espSend',
      'idleTimeline',
      'listLanguages',
      'exportTranscript',
      'dashboard.subscribe',
      'dashboard.unsubscribe',
      'raiseHand',
      'lowerHand',
      'pickUpHand',
      'listRaisedHands',
      'standardResponses',
      'transfer',
      'invite',
      'returnToQueue',
      'listAvailableAgents',
    ])
    for (const name of CONSOLE_METHOD_NAMES) {
      expect(CONSOLE_METHODS[name].params.safeParse).toBeTypeOf('function')
      expect(consoleIpcChannel(name)).toBe(`console:${name}`)
    }
    expect(isConsoleMethodName('toString')).toBe(false)
  })

  it('fills defaults and refuses unknown keys', () => {
    expect(CONSOLE_METHODS.listSessions.params.parse({})).toEqual({ filters: {}, limit: 200 })
    expect(
      CONSOLE_METHODS.readTranscript.params.parse({ sessionId: 'S000000000000001' }).limit,
    ).toBe(100)
    expect(CONSOLE_METHODS.getSession.params.safeParse({ sessionId: 'short' }).success).toBe(false)
    const extra = { sessionId: 'S000000000000001', isAdmin: true }
    expect(CONSOLE_METHODS.getSession.params.safeParse(extra).success).toBe(false)
  })

  it('derives the types of params, results and the preload bridge from the table', () => {
    expectTypeOf<ConsoleResult<'getSession'>>().toEqualTypeOf<SessionResult>()
    expectTypeOf<ConsoleParams<'sendNote'>>().toEqualTypeOf<{ sessionId: string; text: string }>()
    expectTypeOf<ConsoleBridge['testCustomer']['start']>().returns.toEqualTypeOf<
      Promise<ConsoleReply<'testCustomer.start'>>
    >()
    expectTypeOf<ConsoleReply<'testCustomer.say'>>().toEqualTypeOf<
      | { result: TestCustomerView }
      | { error: import('../../../src-shared/console-api').ConsoleError }
    >()
    expectTypeOf<ReturnType<ConsoleBridge['onSessionUpdate']>>().toEqualTypeOf<() => void>()
  })
})
