/**
 * The repository's Markdown as the docs tests read it: README.md and docs/*.md, with their fenced
 * blocks told apart from prose (a link or a URL inside a code block is an example, not a link).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

export const ROOT = join(__dirname, '..', '..')

export interface MarkdownFile {
  /** Path from the repository root, e.g. `docs/esp.md`. */
  path: string
  text: string
}

/** README.md and every Markdown file in docs/. */
export function documentationFiles(): MarkdownFile[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(ROOT, 'docs', name))
  return [join(ROOT, 'README.md'), ...docs].map((file) => ({
    path: relative(ROOT, file),
    text: readFileSync(file, 'utf8'),
  }))
}

export interface FencedBlock {
  /** The info string after the opening fence, e.g. `sh runnable`. */
  info: string
  code: string
  /** 1-based line of the opening fence. */
  line: number
  /** `<!-- expect: TEXT -->` lines right after the closing fence: the block's output includes each. */
  expectations: string[]
}

const FENCE = /^(`{3,}|~{3,})(.*)$/

/** The fenced blocks of a Markdown text, and the text with them blanked out (prose only). */
export function splitMarkdown(text: string): { blocks: FencedBlock[]; prose: string } {
  const lines = text.split('\n')
  const blocks: FencedBlock[] = []
  const prose: string[] = []
  for (let index = 0; index < lines.length; index += 1) {
    const opening = FENCE.exec(lines[index]!)
    if (!opening) {
      prose.push(lines[index]!)
      continue
    }
    const fence = opening[1]!
    const start = index
    const code: string[] = []
    prose.push('')
    for (index += 1; index < lines.length && !lines[index]!.startsWith(fence); index += 1) {
      code.push(lines[index]!)
      prose.push('')
    }
    prose.push('')
    const expectations: string[] = []
    for (;;) {
      const expectation = /^<!-- expect: (.*) -->$/.exec(lines[index + 1] ?? '')
      if (!expectation) break
      expectations.push(expectation[1]!)
      index += 1
      prose.push('')
    }
    blocks.push({ info: opening[2]!.trim(), code: code.join('\n'), line: start + 1, expectations })
  }
  return { blocks, prose: prose.join('\n') }
}
