import { createSessionOver } from '../../helpers/server-process'
import { ConsoleApiClient } from './console-client'

/**
 * A queued session (admin route, so no GMS client that could stop polling) that agent1 has
 * accepted over the console API: the chat is active, so its idle timers may run.
 */
export async function activeSession(
  espUrl: string,
  consoleUrl: string,
  userData: Record<string, string> = {},
): Promise<string> {
  const sessionId = await createSessionOver(espUrl, { FirstName: 'Ann', ...userData })
  const agent = await ConsoleApiClient.signedIn(consoleUrl, 'agent1')
  try {
    await agent.call('accept', { sessionId })
  } finally {
    agent.close()
  }
  return sessionId
}
