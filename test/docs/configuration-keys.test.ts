/**
 * docs/configuration.md describes every key of the shipped configuration: a key added to
 * resources/default-config.yaml without a word in the docs fails here.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { ROOT } from './markdown-files'

/** Every key of a parsed YAML document, list items included (`request-chat` and `_ttl` alike). */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysOf(item, into)
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      into.add(key)
      keysOf(child, into)
    }
  }
  return into
}

describe('docs/configuration.md', () => {
  const shipped = parse(readFileSync(join(ROOT, 'resources', 'default-config.yaml'), 'utf8'))
  const docs = readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8')

  it('names every key of resources/default-config.yaml', () => {
    // Named in inline code, alone or within a path or a value: `_ttl`, `cors.allowed-origins`,
    // `{ gms: 512, esp: 256, console: 64 }`.
    const named = new Set(
      [...docs.matchAll(/`([^`\n]+)`/g)].flatMap((match) => match[1]!.split(/[^\w-]+/)),
    )
    const missing = [...keysOf(shipped)].filter((key) => !named.has(key))
    expect(missing).toEqual([])
  })

  it('names the commented-out esp.token too', () => {
    expect(readFileSync(join(ROOT, 'resources', 'default-config.yaml'), 'utf8')).toContain('token:')
    expect(docs).toContain('`token`')
  })
})
