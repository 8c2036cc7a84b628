/**
 * Web Storage that never throws: storage may be absent (tests), disabled, or full, and a lost
 * preference must never break the console.
 */

type StorageKind = 'localStorage' | 'sessionStorage'

function storage(kind: StorageKind): Storage | undefined {
  try {
    return (globalThis as Partial<Record<StorageKind, Storage>>)[kind]
  } catch {
    return undefined
  }
}

export function readStored(kind: StorageKind, key: string): string | null {
  try {
    return storage(kind)?.getItem(key) ?? null
  } catch {
    return null
  }
}

export function writeStored(kind: StorageKind, key: string, value: string | null): void {
  try {
    if (value === null) storage(kind)?.removeItem(key)
    else storage(kind)?.setItem(key, value)
  } catch {
    // A preference that cannot be kept is only lost, not an error worth showing.
  }
}
