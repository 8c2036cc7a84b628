/**
 * Loads strategy modules (TypeScript or JavaScript) with tsx, so a strategy needs no build step.
 * CommonJS-flavoured files (`.ts`, `.js`, `.cts`, `.cjs` in a package without `"type": "module"`)
 * go through tsx's CommonJS loader, whose stack traces point at the source lines; `.mts`, `.mjs`
 * and ES-module packages go through `tsImport`.
 */
import { extname } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Strategy } from './strategy-api'

/** A strategy module that cannot be loaded or exports no function. */
export class StrategyLoadError extends Error {
  override readonly name = 'StrategyLoadError'
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`strategy ${file}: ${reason}`)
  }
}

const ESM_EXTENSIONS = new Set(['.mts', '.mjs'])

function isRequireEsmError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ERR_REQUIRE_ESM'
}

async function importEsm(file: string): Promise<unknown> {
  const { tsImport } = await import('tsx/esm/api')
  const url = pathToFileURL(file).href
  return tsImport(url, url)
}

async function importModule(file: string): Promise<unknown> {
  if (ESM_EXTENSIONS.has(extname(file))) return importEsm(file)
  const { require: tsxRequire } = await import('tsx/cjs/api')
  try {
    return tsxRequire(file, file)
  } catch (error) {
    if (isRequireEsmError(error)) return importEsm(file)
    throw error
  }
}

function isFunction(value: unknown): value is Strategy {
  return typeof value === 'function'
}

function exportsOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}

/**
 * The strategy function of a module: its default export, else its `strategy` export, else its
 * only exported function. A CommonJS-compiled ES module nests its exports under `default`.
 */
export function strategyExport(module: unknown, file: string): Strategy {
  const top = exportsOf(module)
  const nested = exportsOf(top.default)
  const named = [top.default, nested.default, top.strategy, nested.strategy].find(isFunction)
  if (named) return named
  const functions = [...Object.values(top), ...Object.values(nested)].filter(isFunction)
  if (functions.length === 1 && functions[0]) return functions[0]
  throw new StrategyLoadError(
    file,
    'exports no strategy function; write `export default async function (interaction, context) { ... }`',
  )
}

/** Loads each module once; the harness shares one loader across all scenarios of a run. */
export class StrategyLoader {
  private readonly modules = new Map<string, Promise<Strategy>>()

  /** The strategy of `file` (an absolute path). */
  load(file: string): Promise<Strategy> {
    let loading = this.modules.get(file)
    if (!loading) {
      loading = importModule(file).then(
        (module) => strategyExport(module, file),
        (error: unknown) => {
          if (error instanceof StrategyLoadError) throw error
          const reason = error instanceof Error ? (error.stack ?? error.message) : String(error)
          throw new StrategyLoadError(file, `cannot be loaded: ${reason}`)
        },
      )
      this.modules.set(file, loading)
    }
    return loading
  }
}
