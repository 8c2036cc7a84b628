import type { FastifyInstance, FastifyRequest } from 'fastify'
import { readForm } from '../form-input'
import type { V2ChatService } from './v2-chat-service'
import { V2_CODES, V2Error } from './v2-errors'
import { parseV2Path } from './v2-paths'

export interface V2RouteContext {
  service: V2ChatService
  maxBodyBytes: number
}

const FILE_TRANSFER_ADVICE = 'File transfer is not supported by Switchboard'

/**
 * The REST side of Chat API v2 under `/genesys/2/` (docs/gms.md). One route takes every method
 * and path there, so that the checks run in the documented order: method (106), path (100),
 * service (101), body (104, 105), file operation (120), then the operation itself. Whatever is
 * thrown goes to the listener's error mapping, which answers v2 paths in the v2 shape.
 */
export function registerV2Routes(app: FastifyInstance, context: V2RouteContext): void {
  app.all('/genesys/2/*', async (request, reply) => {
    if (request.method === 'OPTIONS') return reply.status(204).send()
    if (request.method !== 'POST') {
      throw new V2Error(V2_CODES.methodNotAllowed, `Use POST: ${request.method} is not served here`)
    }
    return handle(context, request)
  })
}

async function handle(context: V2RouteContext, request: FastifyRequest): Promise<object> {
  const route = parseV2Path(request.url)
  if (!route) throw noSuchPath(request.url)
  if (route.serviceName !== undefined) context.service.service(route.serviceName)
  const fields = await readForm(request, { maxBytes: context.maxBodyBytes, isJsonAccepted: true })
  switch (route.kind) {
    case 'file':
      throw new V2Error(V2_CODES.fileTransfer, FILE_TRANSFER_ADVICE)
    case 'request-chat':
      return context.service.requestChat(route.serviceName, fields)
    case 'operation':
      return context.service.operate(
        route.serviceName,
        { chatId: route.chatId },
        route.operation,
        fields,
      )
  }
}

export function noSuchPath(url: string): V2Error {
  const path = (url.split('?')[0] ?? '').slice(0, 200)
  return new V2Error(
    V2_CODES.noSuchPath,
    `No GMS v2 resource at ${path}: use /genesys/2/chat/{serviceName} or /genesys/2/chat/{serviceName}/{chatId}/{operation}`,
  )
}

/** The chat id an error answer names: the one in the request's path, else none. */
export function chatIdOfPath(url: string): string {
  const route = parseV2Path(url)
  // Echoed, so bounded: a chat id is 16 characters.
  return route && 'chatId' in route && route.chatId !== undefined ? route.chatId.slice(0, 64) : ''
}
