/**
 * Picks the chat's language from the customer's business data (`Country`), as a workflow would
 * from a CRM lookup, then greets in that language. The language switch also localizes every
 * later system text: idle alerts and the close message (docs/sessions.md, "Languages").
 */
import type { Strategy } from '../../src-main/harness/strategy-api'

/** Country → configured language code (resources/default-config.yaml). */
const LANGUAGE_OF_COUNTRY: Record<string, string> = {
  FR: 'fr-FR',
  BE: 'fr-FR',
  DE: 'de-DE',
  AT: 'de-DE',
  ES: 'es-ES',
}

const GREETINGS: Record<string, string> = {
  'fr-FR': 'Bonjour ! Un conseiller va vous répondre.',
  'de-DE': 'Guten Tag! Ein Berater ist gleich für Sie da.',
  'es-ES': '¡Hola! Un agente le atenderá en breve.',
}

const languageFromUserData: Strategy = async (interaction, { esp }) => {
  const country = (interaction.userData.Country ?? '').toUpperCase()
  const code = LANGUAGE_OF_COUNTRY[country]
  // A code the customer sent already chose the language at creation (GCTI_LanguageCode).
  if (code && code !== interaction.userData.GCTI_LanguageCode) {
    await esp.setLanguage({ code })
  }
  const greeting = GREETINGS[code ?? ''] ?? 'Hello! An agent will be with you shortly.'
  await esp.message(greeting)
}

export default languageFromUserData
