import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TestCustomerView } from '../../../src-shared/console-api'
import {
  POLL_INTERVAL_MS,
  useTestCustomerStore,
} from '../../../src-renderer/src/stores/test-customer'
import { freshStores, settle, type FakeConsoleClient } from '../fake-client'

function customerView(overrides: Partial<TestCustomerView> = {}): TestCustomerView {
  return {
    serviceId: 'service-1',
    sessionId: 'S000000000000001',
    state: 'TRANSCRIPT',
    transcriptPosition: 1,
    entries: [],
    ...overrides,
  }
}

const entry = (text: string) => ({
  type: 'Message.Text',
  nickname: 'Alex',
  text,
  timeShift: 1,
  partyType: 'AGENT',
})

describe('the test customer', () => {
  let client: FakeConsoleClient

  beforeEach(() => {
    vi.useFakeTimers()
    client = freshStores()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('starts a chat through GMS and keeps every entry it is shown', async () => {
    client.answer('testCustomer.start', customerView({ entries: [entry('Welcome')] }))
    client.answer('testCustomer.say', customerView({ entries: [entry('Hi')] }))
    const customer = useTestCustomerStore()
    await customer.start({ firstName: 'Ann', userData: { GCTI_LanguageCode: 'fr-FR' } })
    await customer.say('Hi')
    expect(client.callsOf('testCustomer.start')).toEqual([
      { firstName: 'Ann', userData: { GCTI_LanguageCode: 'fr-FR' } },
    ])
    expect(customer.entries.map((shown) => shown.text)).toEqual(['Welcome', 'Hi'])
    expect(customer.isChatting).toBe(true)
  })

  it('runs its calls one at a time, in order', async () => {
    const order: string[] = []
    let release: () => void = () => {}
    client.on('testCustomer.start', async () => {
      order.push('start begins')
      await new Promise<void>((resolve) => {
        release = resolve
      })
      order.push('start ends')
      return { result: customerView() }
    })
    client.on('testCustomer.say', () => {
      order.push('say')
      return { result: customerView() }
    })
    const customer = useTestCustomerStore()
    const starting = customer.start({ firstName: 'Ann' })
    const saying = customer.say('Hi')
    await settle()
    expect(order).toEqual(['start begins'])
    release()
    await Promise.all([starting, saying])
    expect(order).toEqual(['start begins', 'start ends', 'say'])
  })

  it('polls for the agent’s replies while the chat runs, and stops once it has ended', async () => {
    client.answer('testCustomer.start', customerView())
    client.answer('testCustomer.refresh', customerView({ entries: [entry('Hello Ann')] }))
    const customer = useTestCustomerStore()
    await customer.start({ firstName: 'Ann' })
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS)
    expect(customer.entries.map((shown) => shown.text)).toEqual(['Hello Ann'])
    client.answer('testCustomer.leave', customerView({ state: 'DISCONNECTED' }))
    await customer.leave()
    const polls = client.callsOf('testCustomer.refresh').length
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 3)
    expect(client.callsOf('testCustomer.refresh')).toHaveLength(polls)
    expect(customer.isChatting).toBe(false)
  })

  it('shows why GMS refused', async () => {
    client.refuse('testCustomer.start', { code: 'gms-unavailable', message: 'GMS is not there' })
    const customer = useTestCustomerStore()
    expect(await customer.start({ firstName: 'Ann' })).toBe(false)
    expect(customer.error?.code).toBe('gms-unavailable')
  })
})
