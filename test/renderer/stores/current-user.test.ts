import { beforeEach, describe, expect, it } from 'vitest'
import { useCurrentUserStore } from '../../../src-renderer/src/stores/current-user'
import { freshStores, settle, type FakeConsoleClient } from '../fake-client'

const agent = { id: 'agent1', name: 'Alex Agent', role: 'agent' } as const

describe('the current-user store', () => {
  let client: FakeConsoleClient

  beforeEach(() => {
    client = freshStores()
    client.answer('listUsers', { users: [agent] }).answer('signIn', { user: agent })
  })

  it('lists the configured users and signs in as one', async () => {
    const currentUser = useCurrentUserStore()
    await currentUser.loadUsers()
    expect(currentUser.users).toEqual([agent])
    expect(await currentUser.signIn('agent1')).toBe(true)
    expect(currentUser.user).toEqual(agent)
    expect(currentUser.isAgent).toBe(true)
  })

  it('keeps a refused sign-in as an error', async () => {
    client.refuse('signIn', { code: 'unknown-user', message: 'No user nobody', field: 'userId' })
    const currentUser = useCurrentUserStore()
    expect(await currentUser.signIn('nobody')).toBe(false)
    expect(currentUser.user).toBeNull()
    expect(currentUser.error).toMatchObject({ code: 'unknown-user', field: 'userId' })
  })

  it('signs in again when the connection comes back, because the server forgot the window', async () => {
    const currentUser = useCurrentUserStore()
    await currentUser.signIn('agent1')
    client.setStatus({ state: 'unreachable', failures: 1 })
    client.setStatus({ state: 'connecting' })
    expect(client.callsOf('signIn')).toHaveLength(1)
    client.setStatus({ state: 'open', failures: 0 })
    await settle()
    expect(client.callsOf('signIn')).toEqual([{ userId: 'agent1' }, { userId: 'agent1' }])
  })

  it('loads the users again when the engine was unreachable at start', async () => {
    client.refuse('listUsers', { code: 'engine-unreachable', message: 'Cannot reach it' })
    const currentUser = useCurrentUserStore()
    await currentUser.loadUsers()
    expect(currentUser.error?.code).toBe('engine-unreachable')
    client.answer('listUsers', { users: [agent] })
    client.setStatus({ state: 'unreachable' })
    client.setStatus({ state: 'open' })
    await settle()
    expect(currentUser.users).toEqual([agent])
    expect(currentUser.error).toBeNull()
  })

  it('tells the other stores about sign-in and sign-out', async () => {
    const currentUser = useCurrentUserStore()
    const seen: string[] = []
    currentUser.onSignedIn((user) => seen.push(`in:${user.id}`))
    currentUser.onSignedOut(() => seen.push('out'))
    await currentUser.signIn('agent1')
    currentUser.signOut()
    expect(seen).toEqual(['in:agent1', 'out'])
    expect(currentUser.user).toBeNull()
  })
})
