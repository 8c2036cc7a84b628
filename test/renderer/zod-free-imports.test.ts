/**
 * The renderer bundles no zod: every module it reaches at run time, from `main.ts` through
 * value imports (type-only ones vanish at build), must be zod-free. The contract's plain values
 * live in `src-shared/console-api/constants.ts` for this; importing one from the barrel instead
 * would pull every params schema, and ~190 kB of zod, into the bundle.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../..')
const ENTRY = join(ROOT, 'src-renderer/src/main.ts')
/** Packages the renderer may load at run time. */
// chart.js and vue-chartjs draw the supervisor dashboard's charts.
const ALLOWED_PACKAGES = ['vue', 'pinia', '@tanstack/vue-virtual', 'chart.js', 'vue-chartjs']

function sourceOf(file: string): string {
  const text = readFileSync(file, 'utf8')
  if (!file.endsWith('.vue')) return text
  return [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)]
    .map((match) => match[1])
    .join('\n')
}

/**
 * The modules a file loads at run time. With `verbatimModuleSyntax`, `import { type A }` still
 * loads its module (as a side-effect import); only `import type` and `export type` vanish.
 */
function runtimeSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, sourceOf(file), ts.ScriptTarget.Latest, false)
  const specifiers: string[] = []
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) {
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text)
    }
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text)
    }
  }
  return specifiers
}

function resolveRelative(specifier: string, from: string): string | null {
  const base = resolve(dirname(from), specifier)
  const candidates = [base, `${base}.ts`, join(base, 'index.ts')]
  return (
    candidates.find((candidate) => /\.(ts|vue)$/.test(candidate) && existsSync(candidate)) ?? null
  )
}

/** Every package the renderer reaches, with the chain of files that reaches it. */
function reachedPackages(): Map<string, string[]> {
  const packages = new Map<string, string[]>()
  const parent = new Map<string, string | null>([[ENTRY, null]])
  const chainTo = (file: string): string[] => {
    const chain: string[] = []
    for (let at: string | null | undefined = file; at; at = parent.get(at)) {
      chain.unshift(relative(ROOT, at))
    }
    return chain
  }
  const queue = [ENTRY]
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const specifier of runtimeSpecifiers(file)) {
      if (!specifier.startsWith('.')) {
        const name = specifier.startsWith('@')
          ? specifier.split('/').slice(0, 2).join('/')
          : specifier.split('/')[0]!
        if (!packages.has(name)) packages.set(name, chainTo(file))
        continue
      }
      const target = resolveRelative(specifier, file)
      if (target === null || parent.has(target)) continue
      parent.set(target, file)
      queue.push(target)
    }
  }
  return packages
}

describe('the renderer bundle', () => {
  it('loads no zod and no other package than Vue, Pinia, the virtualiser and the charts', () => {
    const packages = reachedPackages()
    const unexpected = [...packages].filter(([name]) => !ALLOWED_PACKAGES.includes(name))
    expect(unexpected, 'package ← chain of imports').toEqual([])
    expect([...packages.keys()].sort()).toEqual([...ALLOWED_PACKAGES].sort())
  })
})
