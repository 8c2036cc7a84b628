/** Parses `key=value` words; the first `=` splits, so values may contain `=`. */
export function parseKeyValues(words: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {}
  for (const word of words) {
    const split = word.indexOf('=')
    if (split <= 0) throw new Error(`expected key=value, got ${JSON.stringify(word)}`)
    result[word.slice(0, split)] = word.slice(split + 1)
  }
  return result
}

/** A TCP port option: 0 (any free port) to 65535. */
export function parsePort(text: string): number {
  const port = Number(text)
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new Error(`a port must be a whole number from 0 to 65535 (got ${JSON.stringify(text)})`)
  }
  return port
}
