// Baseline for cometd.delivery.p99: a bare long-poll delivery in its own process, like the
// Switchboard server. `POST /poll?client=N` is held until something is published for client N
// (or answers at once with what is queued); `POST /publish?client=N` takes a text body, answers
// 204 and releases that client's held poll. No Bayeux, no engine, no store: what any long-poll
// delivery costs on this machine. First stdout line: its URL.
import { createServer } from 'node:http'

/** Per client: its held poll, or the texts published while it was not polling. */
const held = new Map()
const queued = new Map()

function deliver(client, texts, response) {
  response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' })
  response.end(JSON.stringify(texts))
}

const server = createServer((request, response) => {
  const url = new URL(request.url, 'http://localhost')
  const client = url.searchParams.get('client')
  let body = ''
  request.on('data', (chunk) => (body += chunk))
  request.on('end', () => {
    if (url.pathname === '/publish') {
      response.writeHead(204).end()
      const poll = held.get(client)
      if (poll) {
        held.delete(client)
        deliver(client, [body], poll)
      } else queued.set(client, [...(queued.get(client) ?? []), body])
      return
    }
    const waiting = queued.get(client)
    if (waiting) {
      queued.delete(client)
      deliver(client, waiting, response)
    } else held.set(client, response)
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`)
})
process.on('SIGTERM', () => {
  for (const poll of held.values()) poll.destroy()
  server.close(() => process.exit(0))
})
