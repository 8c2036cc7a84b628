/**
 * Raised hands (docs/dashboard.md, "Raise hand"): an agent's own, or every one for a supervisor,
 * kept current by the server's `raised-hands` pushes.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { ConsoleMethodName, RaisedHand } from '../../../src-shared/console-api'
import type { ClientError } from '../api/bridge'
import { useConnectionStore } from './connection'
import { useCurrentUserStore } from './current-user'

type HandMethod = Extract<ConsoleMethodName, 'raiseHand' | 'lowerHand' | 'pickUpHand'>

export const useRaisedHandsStore = defineStore('raisedHands', () => {
  const connection = useConnectionStore()
  const currentUser = useCurrentUserStore()
  const hands = shallowRef<RaisedHand[]>([])
  const error = ref<ClientError | null>(null)
  const isBusy = ref(false)

  function handOf(sessionId: string): RaisedHand | undefined {
    return hands.value.find((hand) => hand.sessionId === sessionId)
  }

  async function run(method: HandMethod, params: { sessionId: string; note?: string }) {
    isBusy.value = true
    const reply = await connection.call(method, params)
    isBusy.value = false
    if (reply.error) {
      error.value = reply.error
      return false
    }
    error.value = null
    hands.value = reply.result.hands
    return true
  }

  async function load(): Promise<void> {
    const reply = await connection.call('listRaisedHands', {})
    if (reply.result) hands.value = reply.result.hands
  }

  connection.onPush((push) => {
    if (push.push === 'raised-hands') hands.value = push.hands
  })
  currentUser.onSignedIn(() => void load())
  currentUser.onSignedOut(() => {
    hands.value = []
    error.value = null
  })

  return {
    hands,
    error,
    isBusy,
    handOf,
    load,
    raise: (sessionId: string, note: string) => run('raiseHand', { sessionId, note }),
    lower: (sessionId: string) => run('lowerHand', { sessionId }),
    pickUp: (sessionId: string) => run('pickUpHand', { sessionId }),
  }
})
