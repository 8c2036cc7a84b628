import { parseKeyValues } from './key-values'
import { refusedAccessText } from './refused-access'

export interface SessionCreateOptions {
  esp: string
  userData: string[]
  nickname: string
  application?: string
  endpoint?: string
  token?: string
}

/**
 * `switchboard session create`: asks a running server's admin route (on the ESP listener) to
 * create a queued session, as a customer would, and prints it. For trying ESP by hand and for
 * scripts; customers proper come through the GMS API.
 */
export async function sessionCreateCommand(options: SessionCreateOptions): Promise<number> {
  const url = new URL('/admin/sessions', options.esp.replace(/^ws/, 'http'))
  const body = {
    customerNickname: options.nickname,
    userData: parseKeyValues(options.userData),
    ...(options.application ? { application: options.application } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  }
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify(body),
    })
  } catch (error) {
    process.stderr.write(`switchboard session: cannot reach ${url.origin}: ${String(error)}\n`)
    return 2
  }
  if (response.status === 401 || response.status === 403) {
    const text = refusedAccessText(
      'switchboard session',
      url.origin,
      response.status,
      options.token !== undefined,
    )
    process.stderr.write(`${text}\n`)
    return 2
  }
  process.stdout.write(`${JSON.stringify(await response.json(), null, 2)}\n`)
  return response.ok ? 0 : 1
}
