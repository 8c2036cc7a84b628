/**
 * The signed-in console user. Signing in is per window; the user id is kept in sessionStorage so
 * a reload, or a reconnection (the WebSocket's server side forgets its user), signs in again.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ConsoleUser } from '../../../src-shared/console-api'
import type { ClientError, Unsubscribe } from '../api/bridge'
import { readStored, writeStored } from '../logic/storage'
import { useConnectionStore } from './connection'

const SIGNED_IN_KEY = 'switchboard.signedInUser'

export const useCurrentUserStore = defineStore('currentUser', () => {
  const connection = useConnectionStore()
  const users = ref<ConsoleUser[]>([])
  const user = ref<ConsoleUser | null>(null)
  const isLoading = ref(false)
  /** The user id a sign-in is under way for. */
  const signingInAs = ref<string | null>(null)
  const error = ref<ClientError | null>(null)
  const signedInListeners = new Set<(user: ConsoleUser) => void>()
  const signedOutListeners = new Set<() => void>()

  const isSupervisor = computed(() => user.value?.role === 'supervisor')
  const isAgent = computed(() => user.value?.role === 'agent')

  async function loadUsers(): Promise<void> {
    isLoading.value = true
    const reply = await connection.call('listUsers', {})
    isLoading.value = false
    if (reply.error) {
      error.value = reply.error
      return
    }
    error.value = null
    users.value = reply.result.users
  }

  async function signIn(userId: string): Promise<boolean> {
    signingInAs.value = userId
    const reply = await connection.call('signIn', { userId })
    signingInAs.value = null
    if (reply.error) {
      error.value = reply.error
      if (reply.error.code === 'unknown-user') writeStored('sessionStorage', SIGNED_IN_KEY, null)
      return false
    }
    error.value = null
    user.value = reply.result.user
    writeStored('sessionStorage', SIGNED_IN_KEY, userId)
    for (const listener of signedInListeners) listener(reply.result.user)
    return true
  }

  /** Signs in again as the user this window had before a reload, if any. */
  async function resume(): Promise<void> {
    const saved = readStored('sessionStorage', SIGNED_IN_KEY)
    if (saved) await signIn(saved)
  }

  /** Back to the sign-in screen; the next sign-in switches the window's user. */
  function signOut(): void {
    user.value = null
    writeStored('sessionStorage', SIGNED_IN_KEY, null)
    for (const listener of signedOutListeners) listener()
  }

  function onSignedIn(listener: (user: ConsoleUser) => void): Unsubscribe {
    signedInListeners.add(listener)
    return () => signedInListeners.delete(listener)
  }

  function onSignedOut(listener: () => void): Unsubscribe {
    signedOutListeners.add(listener)
    return () => signedOutListeners.delete(listener)
  }

  connection.onReconnect(() => {
    if (user.value) void signIn(user.value.id)
    else void loadUsers()
  })

  return {
    users,
    user,
    isLoading,
    signingInAs,
    error,
    isSupervisor,
    isAgent,
    loadUsers,
    signIn,
    resume,
    signOut,
    onSignedIn,
    onSignedOut,
  }
})
