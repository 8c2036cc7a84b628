/**
 * Standard responses from `<data-dir>/standard-responses.yaml` (docs/dashboard.md, "Standard
 * responses"): per application, per language code, a list of `{ name, text }`. The file is read
 * on each request (it is small, and an edit then applies without a restart); a broken file is a
 * clear error, never an empty list that would look like "no responses".
 */
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { z } from 'zod'
import type { StandardResponse } from '../../src-shared/console-api/standard-responses'
import type { SessionSummary } from '../../src-shared/domain'
import { ConsoleApiError } from './console-errors'

const responseSchema = z.strictObject({
  name: z.string().min(1).max(128),
  text: z.string().min(1).max(16_384),
})
/** application → language code → responses */
const fileSchema = z.record(z.string().min(1), z.record(z.string().min(1), z.array(responseSchema)))
type ResponsesFile = z.infer<typeof fileSchema>

/** Reads and checks the file; a missing file means no responses. */
export function readStandardResponses(path: string): ResponsesFile {
  let source: string
  try {
    source = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw error
  }
  let data: unknown
  try {
    data = parse(source) ?? {}
  } catch (error) {
    throw new ConsoleApiError(
      'internal-error',
      `${path} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  const parsed = fileSchema.safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ConsoleApiError(
      'internal-error',
      `${path}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is not valid'}; see docs/dashboard.md`,
    )
  }
  return parsed.data
}

const FIELD = /\{([A-Za-z]+(?:\.[^{}\s]+)?)\}/g

/** Fills `{customer.firstName}`, `{customer.lastName}`, `{agent.name}`, `{userData.KEY}`. */
export function fillFields(text: string, session: SessionSummary, agentName: string): string {
  const { userData } = session
  const values: Record<string, string | undefined> = {
    'customer.firstName': userData.FirstName,
    'customer.lastName': userData.LastName,
    'customer.email': userData.EmailAddress,
    'agent.name': agentName,
  }
  // An unknown field stays as written: the agent sees it and edits it before sending.
  return text.replace(FIELD, (whole, field: string) => {
    if (field.startsWith('userData.')) return userData[field.slice('userData.'.length)] ?? whole
    return values[field] ?? whole
  })
}

/**
 * The responses for a session: those of its language, and for every name its language lacks,
 * the default language's (the same per-text fallback as the idle texts).
 */
export function responsesFor(
  file: ResponsesFile,
  session: SessionSummary,
  defaultLanguage: string | null,
  agentName: string,
): StandardResponse[] {
  const byLanguage = file[session.application] ?? {}
  const codes = [session.language?.code, defaultLanguage].filter(
    (code, index, all): code is string => !!code && all.indexOf(code) === index,
  )
  const chosen = new Map<string, StandardResponse>()
  for (const code of codes) {
    for (const response of byLanguage[code] ?? []) {
      if (chosen.has(response.name)) continue
      chosen.set(response.name, {
        name: response.name,
        text: fillFields(response.text, session, agentName),
        language: code,
      })
    }
  }
  return [...chosen.values()]
}
