/**
 * Standard responses (docs/dashboard.md, "Standard responses"): texts an agent inserts into the
 * composer with `/`, configured per application and language in the data directory.
 */

/** One response, its fields already filled from the chat. */
export interface StandardResponse {
  /** Short name to search by (`greeting`, `refund-policy`). */
  name: string
  /** The text with `{customer.firstName}`, `{agent.name}`, `{userData.KEY}` filled in. */
  text: string
  /** The language it came from: the session's, or the application's default as a fallback. */
  language: string
}

export interface StandardResponsesResult {
  responses: StandardResponse[]
}

/** The file in the data directory. */
export const STANDARD_RESPONSES_FILE = 'standard-responses.yaml'
