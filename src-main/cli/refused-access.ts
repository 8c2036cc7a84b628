/**
 * What `switchboard esp` and `switchboard session create` say when the ESP listener refuses them
 * (docs/esp.md, "Who may call"): a 401 means the server has `esp.token` set, so the fix is
 * `--token`, never "cannot reach".
 */
export function refusedAccessText(
  command: string,
  url: string,
  status: number,
  hasToken: boolean,
): string {
  if (status === 401) {
    const problem = hasToken
      ? 'refused the token given with --token'
      : 'needs --token: the server has esp.token set'
    return `${command}: ${url} ${problem}; pass the server's esp.token as --token TOKEN`
  }
  if (status === 403) {
    return `${command}: ${url} refused this caller (403): without esp.token the ESP listener accepts loopback callers only; set esp.token on the server and pass it as --token TOKEN`
  }
  return `${command}: ${url} answered HTTP ${status} instead of accepting the request`
}
