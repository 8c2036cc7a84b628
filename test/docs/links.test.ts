/**
 * The README and docs/ stand alone: every link stays inside the repository and points at a file
 * (and heading) that exists.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { documentationFiles, ROOT, splitMarkdown } from './markdown-files'

/** Link targets in prose: `[text](target)`, `[text]: target` and `<a href="target">`. */
function linkTargets(prose: string): { target: string; line: number }[] {
  const withoutInlineCode = prose.replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length))
  const found: { target: string; line: number }[] = []
  const patterns = [
    /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
    /^\s*\[[^\]]+\]:\s*(\S+)/gm,
    /<a\s[^>]*href="([^"]+)"/g,
  ]
  for (const pattern of patterns) {
    for (const match of withoutInlineCode.matchAll(pattern)) {
      const line = withoutInlineCode.slice(0, match.index).split('\n').length
      found.push({ target: match[1]!, line })
    }
  }
  return found
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

function anchorsOf(file: string): Set<string> {
  const { prose } = splitMarkdown(readFileSync(file, 'utf8'))
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  for (const match of prose.matchAll(/^#{1,6}\s+(.*)$/gm)) {
    const base = slug(match[1]!)
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.add(count === 0 ? base : `${base}-${count}`)
  }
  return anchors
}

/** What is wrong with one link of `from`, or undefined. */
function problemWith(from: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) {
    return 'leaves the repository (the docs must stand alone: link a file in the repository)'
  }
  const [pathPart, anchor] = target.split('#') as [string, string | undefined]
  const file = pathPart === '' ? join(ROOT, from) : resolve(ROOT, dirname(from), pathPart)
  const fromRoot = relative(ROOT, file)
  if (fromRoot.startsWith('..')) return 'points outside the repository'
  if (!existsSync(file)) return `points at ${fromRoot}, which does not exist`
  if (anchor !== undefined && statSync(file).isFile() && file.endsWith('.md')) {
    if (!anchorsOf(file).has(anchor)) return `names #${anchor}, a heading ${fromRoot} does not have`
  }
  return undefined
}

describe('links in README.md and docs/', () => {
  const files = documentationFiles()

  it('finds the documents and their links', () => {
    expect(files.map((file) => file.path)).toEqual(
      expect.arrayContaining([
        'README.md',
        'docs/README.md',
        'docs/sessions.md',
        'docs/esp.md',
        'docs/configuration.md',
        'docs/benchmarks.md',
      ]),
    )
    expect(linkTargets(splitMarkdown(files[0]!.text).prose).length).toBeGreaterThan(10)
  })

  for (const { path, text } of files) {
    it(`${path}: every link stays in the repository and resolves`, () => {
      const problems = linkTargets(splitMarkdown(text).prose).flatMap(({ target, line }) => {
        const problem = problemWith(path, target)
        return problem ? [`${path}:${line} ${target} ${problem}`] : []
      })
      expect(problems).toEqual([])
    })

    it(`${path}: never refers to documents outside the repository`, () => {
      const lines = text.split('\n')
      const outside = lines.flatMap((line, index) =>
        /shared\/spec|\.\.\/shared\//.test(line) ? [`${path}:${index + 1} ${line.trim()}`] : [],
      )
      expect(outside).toEqual([])
    })
  }
})

describe('the link checker itself', () => {
  it('refuses outside URLs, missing files, escapes and unknown headings', () => {
    expect(problemWith('README.md', 'https://example.com/')).toMatch(/leaves the repository/)
    expect(problemWith('README.md', 'mailto:someone@example.com')).toMatch(/leaves/)
    expect(problemWith('README.md', '../other-project/notes.md')).toMatch(/outside the repository/)
    expect(problemWith('README.md', 'docs/nothing-here.md')).toMatch(/does not exist/)
    expect(problemWith('README.md', 'docs/esp.md#no-such-heading')).toMatch(/heading/)
  })

  it('accepts files, folders and headings that exist', () => {
    expect(problemWith('README.md', 'docs/esp.md#fault-codes')).toBeUndefined()
    expect(problemWith('docs/esp.md', '../resources/strategies')).toBeUndefined()
    expect(problemWith('docs/esp.md', '#methods')).toBeUndefined()
    expect(problemWith('docs/sessions.md', '#idle-inactivity-control')).toBeUndefined()
  })
})
