/**
 * Greets the customer by name the moment the chat arrives, as the first block of a routing
 * workflow would. Attach it in a configuration file:
 *
 *   strategies:
 *     gms_builtin: strategies/greeting.ts
 */
import type { Strategy } from '../../src-main/harness/strategy-api'

const greeting: Strategy = async (interaction, { esp }) => {
  const name = interaction.userData.FirstName ?? 'there'
  await esp.message(`Hello ${name}, thank you for contacting us.`)
}

export default greeting
