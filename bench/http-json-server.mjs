// Baseline for gms.*.rate: a raw node:http handler that reads a form body and answers JSON of the
// size of a GMS chat object, in its own process like the Switchboard server. First stdout line:
// its URL.
import { createServer } from 'node:http'

const answer = JSON.stringify({
  chatIxnState: 'TRANSCRIPT',
  chatSessionId: '00027aDEQEY00U32',
  startedAt: '2026-11-21T08:00:00Z',
  transcriptPosition: 4,
  chatServiceMessage: 'Chat service is available',
  transcriptToShow: [
    ['Notice.Joined', 'Ann Lee', 'has joined the session', '0', 'CLIENT'],
    ['Message.Text', 'Ann Lee', 'Hello, I have a billing question', '0', 'CLIENT'],
    ['Message.Text', 'system', 'An agent will be with you shortly', '1', 'EXTERNAL'],
  ],
})

const server = createServer((request, response) => {
  let body = ''
  request.on('data', (chunk) => (body += chunk))
  request.on('end', () => {
    new URLSearchParams(body)
    response.writeHead(200, {
      'content-type': 'application/json',
      'cache-control': 'no-cache, no-store',
      pragma: 'no-cache',
    })
    response.end(answer)
  })
})
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
