import { beforeEach, describe, expect, it } from 'vitest'
import { useSaveScenarioStore } from '../../../src-renderer/src/stores/save-scenario'
import { freshStores, SESSION_ID, type FakeConsoleClient } from '../fake-client'

describe('"Save as scenario"', () => {
  let client: FakeConsoleClient
  let saved: { fileName: string; text: string }[]

  beforeEach(() => {
    client = freshStores()
    saved = []
    useSaveScenarioStore().setSaver((fileName, text) => saved.push({ fileName, text }))
  })

  it('offers the recorded scenario as a YAML file named after the session', async () => {
    client.answer('recordScenario', {
      sessionId: SESSION_ID,
      fileName: `session-${SESSION_ID}.yaml`,
      yaml: 'name: Recorded session\n',
    })

    expect(await useSaveScenarioStore().saveAsScenario(SESSION_ID)).toBe(true)

    expect(client.callsOf('recordScenario')).toEqual([{ sessionId: SESSION_ID }])
    expect(saved).toEqual([
      { fileName: `session-${SESSION_ID}.yaml`, text: 'name: Recorded session\n' },
    ])
  })

  it('keeps a refusal to show, and saves nothing', async () => {
    client.refuse('recordScenario', { code: 'forbidden', message: 'Not one of yours' })
    const store = useSaveScenarioStore()

    expect(await store.saveAsScenario(SESSION_ID)).toBe(false)

    expect(saved).toEqual([])
    expect(store.error).toMatchObject({ code: 'forbidden', sessionId: SESSION_ID })
  })
})
