/**
 * The visibility rule (docs/sessions.md, "Visibility"): the shared functions, and a property test that
 * drives the engine with random mixes of events and checks every role's transcript, live pushes
 * and party list against an independent model of the table.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type {
  ChatEvent,
  PartyType,
  Role,
  SupervisorMode,
  Visibility,
} from '../../../src-shared/domain'
import { PARTY_TYPES, ROLES, VISIBILITIES } from '../../../src-shared/domain'
import {
  isVisibleTo,
  maySendWith,
  roleOfPartyType,
  visibilitiesFor,
  visibleEvents,
} from '../../../src-shared/visibility'
import type { ChatEngine } from '../../../src-main/engine/chat-engine'
import type { SessionUpdate } from '../../../src-main/engine/engine-bus'
import { createTestEngine, startActiveChat } from '../../helpers/engine'

/** The table of docs/sessions.md, written out again on purpose: the test must not reuse the code. */
const TABLE: Record<Visibility, Record<Role, boolean>> = {
  ALL: { customer: true, agent: true, supervisor: true },
  INT: { customer: false, agent: true, supervisor: true },
  VIP: { customer: false, agent: false, supervisor: true },
}

const MAY_SEND: Record<PartyType, readonly Visibility[]> = {
  CLIENT: ['ALL'],
  AGENT: ['ALL', 'INT'],
  SUPERVISOR: ['ALL', 'INT', 'VIP'],
  EXTERNAL: ['ALL', 'INT', 'VIP'],
  SYSTEM: ['ALL', 'INT', 'VIP'],
}

describe('the shared visibility functions', () => {
  it.each(VISIBILITIES.flatMap((v) => ROLES.map((role) => [v, role] as const)))(
    '%s is visible to the %s as the table says',
    (visibility, role) => {
      expect(isVisibleTo(role, visibility)).toBe(TABLE[visibility][role])
    },
  )

  it.each(PARTY_TYPES.flatMap((type) => VISIBILITIES.map((v) => [type, v] as const)))(
    'a %s party may send with %s as the parties table says',
    (type, visibility) => {
      expect(maySendWith(type, visibility)).toBe(MAY_SEND[type].includes(visibility))
    },
  )

  it('lists the visibilities each role sees', () => {
    expect(visibilitiesFor('customer')).toEqual(['ALL'])
    expect(visibilitiesFor('agent')).toEqual(['ALL', 'INT'])
    expect(visibilitiesFor('supervisor')).toEqual(['ALL', 'INT', 'VIP'])
  })

  it('keeps the visible events in order', () => {
    const events = [{ visibility: 'VIP' }, { visibility: 'ALL' }, { visibility: 'INT' }] as const
    expect(visibleEvents('agent', events)).toEqual([events[1], events[2]])
  })

  it('reads a session as the role of the party type', () => {
    expect(PARTY_TYPES.map(roleOfPartyType)).toEqual([
      'customer',
      'agent',
      'supervisor',
      'supervisor',
      'supervisor',
    ])
  })
})

// ---- the model -----------------------------------------------------------------------------

type Action =
  | { kind: 'customer-says'; visibility: Visibility }
  | { kind: 'agent-says'; visibility: Visibility; isNotice: boolean }
  | { kind: 'external-says'; nickname: string; visibility: Visibility; isBot: boolean }
  | { kind: 'supervisor-joins'; who: number; mode: SupervisorMode }
  | { kind: 'supervisor-says'; who: number; visibility: Visibility | undefined }
  | { kind: 'supervisor-leaves'; who: number }

const visibility = fc.constantFrom<Visibility>(...VISIBILITIES)
const who = fc.integer({ min: 0, max: 1 })
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('customer-says' as const), visibility }),
  fc.record({ kind: fc.constant('agent-says' as const), visibility, isNotice: fc.boolean() }),
  fc.record({
    kind: fc.constant('external-says' as const),
    nickname: fc.constantFrom('router', 'survey'),
    visibility,
    isBot: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('supervisor-joins' as const),
    who,
    mode: fc.constantFrom<SupervisorMode>('monitor', 'coach', 'barge-in'),
  }),
  fc.record({
    kind: fc.constant('supervisor-says' as const),
    who,
    visibility: fc.option(visibility, { nil: undefined }),
  }),
  fc.record({ kind: fc.constant('supervisor-leaves' as const), who }),
)

const BREADTH: Record<Visibility, number> = { VIP: 0, INT: 1, ALL: 2 }
const MODE: Record<SupervisorMode, Visibility> = { monitor: 'VIP', coach: 'INT', 'barge-in': 'ALL' }
const wider = (a: Visibility, b: Visibility): Visibility => (BREADTH[a] >= BREADTH[b] ? a : b)

/** What the model expects of one event: enough to tell events apart, nothing engine-made. */
interface Expected {
  label: string
  visibility: Visibility
}

interface ModelParty {
  nickname: string
  type: PartyType
  /** The widest visibility of its joins: who has seen it. */
  widest: Visibility
  mode?: SupervisorMode
  isPresent: boolean
  partyId?: string
}

/** An independent model of what the engine appends and who may see it. */
class Model {
  readonly events: Expected[] = [
    { label: 'join:Ann', visibility: 'ALL' },
    { label: 'join:Alex', visibility: 'ALL' },
  ]
  readonly parties: ModelParty[] = [
    { nickname: 'Ann', type: 'CLIENT', widest: 'ALL', isPresent: true },
    { nickname: 'Alex', type: 'AGENT', widest: 'ALL', isPresent: true },
  ]

  /** The events `action` should append; undefined when the engine should refuse it. */
  apply(action: Action, text: string): Expected[] | undefined {
    switch (action.kind) {
      case 'customer-says':
        return this.say('CLIENT', 'Ann', action.visibility, text)
      case 'agent-says':
        return this.say('AGENT', 'Alex', action.visibility, action.isNotice ? 'notice' : text)
      case 'external-says':
        return this.external(action.nickname, action.visibility, text)
      case 'supervisor-joins':
        return this.supervisorJoins(action.who, action.mode)
      case 'supervisor-says':
        return this.supervisorSays(action.who, action.visibility, text)
      case 'supervisor-leaves':
        return this.supervisorLeaves(action.who)
    }
  }

  /** The agent closes the session: every present party leaves, the customer first. */
  close(): void {
    const present = this.parties.filter((party) => party.isPresent)
    present.sort((a, b) => Number(b.type === 'CLIENT') - Number(a.type === 'CLIENT'))
    for (const party of present) {
      this.events.push({ label: `left:${party.nickname}`, visibility: party.widest })
      party.isPresent = false
    }
    this.events.push({ label: 'closed', visibility: 'ALL' })
  }

  supervisor(index: number): ModelParty | undefined {
    return this.parties.find((p) => p.nickname === `sup${index}` && p.isPresent)
  }

  private say(type: PartyType, nickname: string, v: Visibility, text: string) {
    if (!MAY_SEND[type].includes(v)) return undefined
    return this.push([{ label: `${nickname}:${text}`, visibility: v }])
  }

  private external(nickname: string, v: Visibility, text: string) {
    const added: Expected[] = []
    let party = this.parties.find((p) => p.nickname === nickname)
    if (!party) {
      party = { nickname, type: 'EXTERNAL', widest: v, isPresent: true }
      this.parties.push(party)
      added.push({ label: `join:${nickname}`, visibility: v })
    } else if (wider(party.widest, v) !== party.widest) {
      party.widest = v
      added.push({ label: `join:${nickname}`, visibility: v })
    }
    added.push({ label: `${nickname}:${text}`, visibility: v })
    return this.push(added)
  }

  private supervisorJoins(index: number, mode: SupervisorMode) {
    const nickname = `sup${index}`
    const present = this.supervisor(index)
    if (present?.mode === mode) return []
    if (present) {
      present.mode = mode
      present.widest = wider(present.widest, MODE[mode])
    } else {
      this.parties.push({ nickname, type: 'SUPERVISOR', widest: MODE[mode], mode, isPresent: true })
    }
    return this.push([{ label: `join:${nickname}:${mode}`, visibility: MODE[mode] }])
  }

  private supervisorSays(index: number, requested: Visibility | undefined, text: string) {
    const party = this.supervisor(index)
    if (!party) return undefined
    const allowed = MODE[party.mode!]
    const v = requested ?? allowed
    if (BREADTH[v] > BREADTH[allowed]) return undefined
    return this.push([{ label: `sup${index}:${text}`, visibility: v }])
  }

  private supervisorLeaves(index: number) {
    const party = this.supervisor(index)
    if (!party) return undefined
    party.isPresent = false
    return this.push([{ label: `left:sup${index}`, visibility: party.widest }])
  }

  private push(events: Expected[]): Expected[] {
    this.events.push(...events)
    return events
  }
}

// ---- driving the engine --------------------------------------------------------------------

interface Chat {
  engine: ChatEngine
  sessionId: string
  customerPartyId: string
  agentPartyId: string
}

async function perform(chat: Chat, act: Action, text: string): Promise<void> {
  const { engine, sessionId } = chat
  const message = { kind: 'message', text } as const
  switch (act.kind) {
    case 'customer-says':
      await engine.send(sessionId, {
        partyId: chat.customerPartyId,
        content: message,
        visibility: act.visibility,
      })
      return
    case 'agent-says':
      await engine.send(sessionId, {
        partyId: chat.agentPartyId,
        visibility: act.visibility,
        content: act.isNotice
          ? { kind: 'notice', noticeType: 'TYPING_STARTED', text: '' }
          : message,
      })
      return
    case 'external-says':
      await engine.sendAsExternal(sessionId, {
        nickname: act.nickname,
        visibility: act.visibility,
        isBot: act.isBot,
        content: message,
      })
      return
    case 'supervisor-joins': {
      const nickname = `sup${act.who}`
      await engine.joinSupervisor(sessionId, { userId: nickname, nickname, mode: act.mode })
      return
    }
    case 'supervisor-says':
    case 'supervisor-leaves': {
      const partyId = partyIdOf(engine, sessionId, `sup${act.who}`) ?? 'FFFFFFFFFFFFFFFF'
      if (act.kind === 'supervisor-leaves') await engine.leave(sessionId, partyId)
      else await engine.send(sessionId, { partyId, content: message, visibility: act.visibility })
      return
    }
  }
}

function partyIdOf(engine: ChatEngine, sessionId: string, nickname: string): string | undefined {
  return engine
    .getSession(sessionId, 'supervisor')!
    .parties.find((p) => p.nickname === nickname && p.isPresent)?.partyId
}

/** Projects engine events onto the model's labels. */
function project(events: readonly ChatEvent[], nicknames: Map<string, string>): Expected[] {
  return events.map((event) => {
    const nickname = nicknames.get(event.partyId) ?? '?'
    const { visibility } = event
    switch (event.type) {
      case 'party-joined': {
        const mode = event.party.mode ? `:${event.party.mode}` : ''
        return { label: `join:${event.party.nickname}${mode}`, visibility }
      }
      case 'party-left':
        return { label: `left:${nickname}`, visibility }
      case 'message':
        return { label: `${nickname}:${event.text}`, visibility }
      case 'notice':
        return { label: `${nickname}:notice`, visibility }
      case 'session-closed':
        return { label: 'closed', visibility }
    }
  })
}

async function runScenario(actions: readonly Action[], shouldClose: boolean): Promise<void> {
  const harness = createTestEngine({ idle: { enabled: false } })
  const pushed: Record<Role, ChatEvent[]> = { customer: [], agent: [], supervisor: [] }
  const updates: { role: Role; update: SessionUpdate }[] = []
  for (const role of ROLES) {
    harness.engine.bus.subscribe(role, (update) => {
      updates.push({ role, update })
      pushed[role].push(...update.events)
    })
  }
  try {
    const chat = { engine: harness.engine, ...(await startActiveChat(harness.engine)) }
    const model = new Model()
    for (const [index, act] of actions.entries()) {
      const expected = model.apply(act, `m${index}`)
      const attempt = perform(chat, act, `m${index}`)
      if (expected === undefined) await expect(attempt).rejects.toThrow()
      else await expect(attempt).resolves.toBeUndefined()
    }
    if (shouldClose) {
      await harness.engine.closeSession(chat.sessionId, chat.agentPartyId)
      model.close()
    }
    await harness.engine.flush()
    checkViews(harness.engine, chat.sessionId, model, pushed)
    for (const { role, update } of updates) {
      expect(update.events.length).toBeGreaterThan(0)
      expect(update.events.every((event) => TABLE[event.visibility][role])).toBe(true)
    }
  } finally {
    await harness.close()
  }
}

function checkViews(
  engine: ChatEngine,
  sessionId: string,
  model: Model,
  pushed: Record<Role, ChatEvent[]>,
): void {
  const all = engine.readTranscript(sessionId, 'supervisor').events
  expect(all.map((event) => event.eventId)).toEqual(all.map((_, index) => index + 1))
  const nicknames = new Map<string, string>()
  for (const event of all) {
    if (event.type === 'party-joined') nicknames.set(event.party.partyId, event.party.nickname)
  }
  for (const role of ROLES) {
    const view = engine.readTranscript(sessionId, role).events
    const allowed = model.events.filter((event) => TABLE[event.visibility][role])
    expect(project(view, nicknames)).toEqual(allowed)
    expect(pushed[role]).toEqual(view)
    const summary = engine.getSession(sessionId, role)!
    expect(summary.lastEventId).toBe(view.at(-1)?.eventId ?? 0)
    const listed = summary.parties
      .filter((party) => party.type !== 'SYSTEM')
      .map((party) => [party.nickname, party.mode])
    const expectedParties = model.parties
      .filter((party) => TABLE[party.widest][role])
      .map((party) => {
        const isModeShown = party.mode !== undefined && TABLE[MODE[party.mode]][role]
        return [party.nickname, isModeShown ? party.mode : undefined]
      })
    expect(listed).toEqual(expectedParties)
  }
}

describe('every role sees exactly what the visibility table allows', () => {
  it('in transcripts, live pushes and party lists, for random mixes of events', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(action, { minLength: 1, maxLength: 25 }),
        fc.boolean(),
        (actions, shouldClose) => runScenario(actions, shouldClose),
      ),
      { numRuns: 80 },
    )
  })

  it('omits a monitoring supervisor from the agent’s and the customer’s party lists', async () => {
    await runScenario([{ kind: 'supervisor-joins', who: 0, mode: 'monitor' }], false)
  })
})
