/**
 * docs/limits.md, "Customer input": a multipart part without a name is the client's mistake,
 * answered 415 `InvalidParameter`, never 500.
 */
import { describe, expect, it } from 'vitest'
import { startGmsKit } from './gms-test-kit'

const BOUNDARY = 'switchboard-boundary'

function multipart(parts: { disposition: string; value: string }[]): string {
  const body = parts
    .map(
      (part) =>
        `--${BOUNDARY}\r\nContent-Disposition: ${part.disposition}\r\n\r\n${part.value}\r\n`,
    )
    .join('')
  return `${body}--${BOUNDARY}--\r\n`
}

describe('a multipart part without a name', () => {
  it.each([
    ['no name parameter', 'form-data'],
    ['an empty name', 'form-data; name=""'],
  ])('with %s is answered 415 InvalidParameter', async (_what, disposition) => {
    const kit = await startGmsKit()
    const response = await fetch(`${kit.url}/genesys/1/service/request-chat`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      body: multipart([
        { disposition: 'form-data; name="firstName"', value: 'Ann' },
        { disposition, value: 'orphan' },
      ]),
    })
    const body = (await response.json()) as Record<string, unknown>
    expect({ status: response.status, body }).toMatchObject({
      status: 415,
      body: { exception: 'InvalidParameter', message: expect.stringContaining('name') },
    })
    expect(kit.loggedErrors).toEqual([])
  })
})
