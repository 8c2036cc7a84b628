/** Where GMS Chat API v2 lives on the listener (docs/gms.md, "Chat API v2"). */
export const V2_PREFIX = '/genesys/2/'

/** True for every path under `/genesys/2/`, whose answers take the v2 shape. */
export function isV2Path(url: string): boolean {
  return url.startsWith(V2_PREFIX) || url === '/genesys/2'
}
