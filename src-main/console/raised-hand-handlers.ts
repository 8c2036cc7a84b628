/**
 * Raise hand: an agent in a chat asks for help (`raiseHand`), a supervisor picks it up
 * (`pickUpHand`), the agent or a supervisor lowers it (`lowerHand`). Role checks beyond the
 * contract's: only an agent present in the chat may raise its hand, and an agent may lower only
 * its own.
 */
import type { RaisedHandsResult } from '../../src-shared/console-api'
import { callerPartyId, type ConsoleContext, type ConsoleHandlers } from './console-context'
import { ConsoleApiError } from './console-errors'
import type { RaisedHands } from './raised-hands'

function noHand(sessionId: string): ConsoleApiError {
  return new ConsoleApiError('conflict', `Nobody has raised a hand on chat ${sessionId}`)
}

export function raisedHandHandlers(
  hands: RaisedHands,
): ConsoleHandlers<'raiseHand' | 'lowerHand' | 'pickUpHand' | 'listRaisedHands'> {
  const answer = (context: ConsoleContext): RaisedHandsResult => ({
    hands: hands.visibleTo(context.user),
  })
  return {
    raiseHand(context, { sessionId, note }) {
      // Throws not-in-session / session-closed with a sentence when the agent is not in it.
      callerPartyId(context, sessionId)
      hands.raise(sessionId, context.user, note.trim())
      return answer(context)
    },
    pickUpHand(context, { sessionId }) {
      if (!hands.pickUp(sessionId, context.user)) throw noHand(sessionId)
      return answer(context)
    },
    lowerHand(context, { sessionId }) {
      const hand = hands.get(sessionId)
      if (!hand) throw noHand(sessionId)
      if (context.user.role === 'agent' && hand.raisedBy.userId !== context.user.id) {
        throw new ConsoleApiError('forbidden', 'An agent may lower only its own hand')
      }
      hands.lower(sessionId)
      return answer(context)
    },
    listRaisedHands: (context) => answer(context),
  }
}
