/**
 * Loads strategy modules (TypeScript or JavaScript) with tsx, so a strategy needs no build step.
 * CommonJS-flavoured files (`.ts`, `.js`, `.cts`, `.cjs` in a package without `"type": "module"`)
 * go through tsx's CommonJS loader, whose stack traces point at the source lines; `.mts`, `.mjs`
 * and ES-module packages go through `tsImport`.
 */
import { extname } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Strategy } from './strategy-api'
import { locateInStack } from './strategy-failure'

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
 * The strategy function of a module, in every shape Node can load: its default export, else its
 * `strategy` export, else its only exported function. `module.exports = fn` (CommonJS) is the
 * module itself, and a CommonJS-compiled ES module nests its exports under `default`.
 */
export function strategyExport(module: unknown, file: string): Strategy {
  if (isFunction(module)) return module
  const top = exportsOf(module)
  const nested = exportsOf(top.default)
  const named = [top.default, nested.default, top.strategy, nested.strategy].find(isFunction)
  if (named) return named
  const functions = new Map<string, Strategy>()
  for (const [key, value] of [...Object.entries(top), ...Object.entries(nested)]) {
    if (isFunction(value) && key !== 'module.exports') functions.set(key, value)
  }
  const [only, ...others] = [...functions.values()]
  if (only && others.length === 0) return only
  const reason =
    functions.size > 1
      ? `exports several functions (${[...functions.keys()].join(', ')}); export the strategy as \`default\` or name it \`strategy\``
      : 'exports no strategy function; write `export default async function (interaction, context) { ... }` or `module.exports = async function (interaction, context) { ... }`'
  throw new StrategyLoadError(file, reason)
}

/**
 * Why a module failed to load, without the loader's own stack frames: the message, and the
 * line of the strategy file the stack points at, when it does.
 */
function loadFailureReason(error: unknown, file: string): string {
  if (!(error instanceof Error)) return String(error)
  const at = locateInStack(error.stack, file)
  const where = at === undefined || error.message.includes(file) ? '' : ` (line ${at.line})`
  return `${error.name}: ${error.message}${where}`
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
          throw new StrategyLoadError(file, `cannot be loaded: ${loadFailureReason(error, file)}`)
        },
      )
      this.modules.set(file, loading)
    }
    return loading
  }
}
