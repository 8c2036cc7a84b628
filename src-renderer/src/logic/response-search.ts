/**
 * Which standard responses match what follows `/` in the composer: name first, then text,
 * case-insensitive. The composer opens the picker only for a draft that starts with `/`.
 */
import type { StandardResponse } from '../../../src-shared/console-api/standard-responses'

/** The search of a draft (`/gree` → `gree`), or null when the draft is no search. */
export function responseQuery(draft: string): string | null {
  return /^\/\S*$/.test(draft) ? draft.slice(1) : null
}

export function matchResponses(
  responses: readonly StandardResponse[],
  query: string,
): StandardResponse[] {
  const needle = query.toLocaleLowerCase()
  const byName = responses.filter((response) => response.name.toLocaleLowerCase().includes(needle))
  const byText = responses.filter(
    (response) => !byName.includes(response) && response.text.toLocaleLowerCase().includes(needle),
  )
  return [...byName, ...byText]
}
