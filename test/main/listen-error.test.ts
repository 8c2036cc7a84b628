import { describe, expect, it } from 'vitest'
import { explainListenError } from '../../src-main/listen-error'

const gms = { name: 'GMS customer API', option: '--gms-port', host: '127.0.0.1', port: 80 }
const failure = (code: string) => Object.assign(new Error(`listen ${code}`), { code })

describe('explainListenError', () => {
  it('says which listener, why, and which option moves it', () => {
    const explained = explainListenError(failure('EADDRINUSE'), { ...gms, port: 8080 }) as Error
    expect(explained.message).toBe(
      'the GMS customer API cannot start: port 8080 on 127.0.0.1 is in use by another program (or another Switchboard); stop that program, or pick another port with --gms-port N (0: any free port)',
    )
    expect(explained.cause).toMatchObject({ code: 'EADDRINUSE' })
  })

  it('explains a privileged port and an address this machine does not have', () => {
    expect((explainListenError(failure('EACCES'), gms) as Error).message).toContain(
      'may not listen on port 80 on 127.0.0.1 (ports below 1024 need privileges)',
    )
    const elsewhere = { ...gms, host: '10.9.9.9' }
    expect((explainListenError(failure('EADDRNOTAVAIL'), elsewhere) as Error).message).toBe(
      'the GMS customer API cannot start: 10.9.9.9 is not an address of this machine; pick another address with --host',
    )
  })

  it('leaves any other error as it is', () => {
    const other = new TypeError('port must be a number')
    expect(explainListenError(other, gms)).toBe(other)
  })
})
