/** How a session is named in lists, headers and notifications. */
import type { SessionSummary } from '../../../src-shared/domain'
import { messages } from '../messages'

/** The customer's name from the user data, else the customer party's nickname. */
export function customerName(session: Pick<SessionSummary, 'userData' | 'parties'>): string {
  const { FirstName: first, LastName: last } = session.userData
  const fromUserData = [first, last].filter((part) => part && part.trim() !== '').join(' ')
  if (fromUserData) return fromUserData
  const client = session.parties.find((party) => party.type === 'CLIENT')
  return client?.nickname || messages.sessions.unnamedCustomer
}

/** The present party of console user `userId` in the session, if any. */
export function ownParty(session: Pick<SessionSummary, 'parties'>, userId: string | undefined) {
  if (userId === undefined) return undefined
  return session.parties.find((party) => party.userId === userId && party.isPresent)
}
