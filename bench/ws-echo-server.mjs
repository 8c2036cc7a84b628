// Baseline for esp.message.*: a raw `ws` server that echoes every frame, in its own process like
// the Switchboard server, printing its URL as the first line on stdout.
import { WebSocketServer } from 'ws'

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
server.on('listening', () => {
  process.stdout.write(`${JSON.stringify({ url: `ws://127.0.0.1:${server.address().port}/` })}\n`)
})
server.on('connection', (socket) => {
  socket.on('error', () => {})
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }))
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
