/** What the composer may send, checked before the call with the contract's own rules. */
import { isHttpUrl, MAX_TEXT_LENGTH } from '../../../src-shared/console-api/constants'
import { messages } from '../messages'

export const COMPOSER_MODES = ['message', 'note', 'url'] as const
export type ComposerMode = (typeof COMPOSER_MODES)[number]

/** Why a draft cannot be sent in `mode`, or null when it can. */
export function draftProblem(mode: ComposerMode, draft: string): string | null {
  const text = mode === 'url' ? draft.trim() : draft
  if (text.trim() === '') return messages.composer.empty
  if (text.length > MAX_TEXT_LENGTH) return messages.composer.tooLong(MAX_TEXT_LENGTH)
  if (mode === 'url' && !isHttpUrl(text)) return messages.composer.badUrl
  return null
}
