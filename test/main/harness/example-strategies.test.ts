/**
 * The shipped example strategies type-check under the project's strict settings: tsx strips
 * types without checking them, and resources/ is outside tsconfig.json's files.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const STRATEGIES = join(__dirname, '..', '..', '..', 'resources', 'strategies')

describe('example strategies', () => {
  it('type-check strictly against the strategy API', () => {
    const files = readdirSync(STRATEGIES)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(STRATEGIES, name))
    const program = ts.createProgram(files, {
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts'],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: ['node'],
      skipLibCheck: true,
    })
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))

    expect(files.length).toBeGreaterThanOrEqual(3)
    expect(problems).toEqual([])
  })
})
