/**
 * `standardResponses`: the responses an agent may insert into the composer for one chat, in the
 * chat's language, with its fields filled. Whoever may read the chat may ask.
 */
import type { ConsoleHandlers } from './console-context'
import { readableSession } from './console-context'
import { readStandardResponses, responsesFor } from './standard-responses'

export function standardResponseHandlers(
  file: string | undefined,
): ConsoleHandlers<'standardResponses'> {
  return {
    standardResponses(context, { sessionId }) {
      const summary = readableSession(context, sessionId)
      if (file === undefined) return { responses: [] }
      const application = context.engine.application(summary.application)
      return {
        responses: responsesFor(
          readStandardResponses(file),
          summary,
          application.defaultLanguage,
          context.user.name,
        ),
      }
    },
  }
}
