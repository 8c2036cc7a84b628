import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ChatEngine } from '../engine/chat-engine'
import type { ChatCalls } from './chat-calls'
import type { GmsChatLifecycle } from './chat-lifecycle'
import { chatUrl } from './chat-object'
import { readForm, type FormFields } from './form-input'
import { GmsError, serviceNotFound } from './gms-errors'
import { createServiceFields, parseFields } from './gms-fields'
import type { ResolvedGmsOptions, ResolvedService } from './gms-options'
import type { GmsService } from './gms-registry'
import { JsonAnswer } from './poll-answers'
import { gmsUserOf } from './gms-user'
import { userDataProblem, userDataTooLarge } from './customer-rules'
import { userDataBytes, type UserDataBudget } from './user-data-budget'

export interface GmsRouteContext {
  engine: ChatEngine
  options: ResolvedGmsOptions
  lifecycle: GmsChatLifecycle
  calls: ChatCalls
  budget: UserDataBudget
}

type ChatCallName = 'send' | 'refresh' | 'startTyping' | 'stopTyping' | 'disconnect'

const CHAT_CALLS: Record<
  ChatCallName,
  (calls: ChatCalls, service: GmsService, fields: FormFields) => Promise<object>
> = {
  send: (calls, service, fields) => calls.send(service, fields),
  refresh: (calls, service, fields) => calls.refresh(service, fields),
  startTyping: (calls, service, fields) => calls.typing(service, fields, 'TYPING_STARTED'),
  stopTyping: (calls, service, fields) => calls.typing(service, fields, 'TYPING_STOPPED'),
  disconnect: (calls, service, fields) => calls.disconnect(service, fields),
}

const SERVICE_PATH = '/genesys/1/service'
const JSON_TYPE = 'application/json; charset=utf-8'

/**
 * The REST endpoints of docs/gms.md. Handlers only read the form, find the service, record the
 * client's activity and call `ChatCalls`; whatever they throw goes to the one error mapping.
 */
export function registerGmsRoutes(app: FastifyInstance, context: GmsRouteContext): void {
  app.post<{ Params: { name: string } }>(`${SERVICE_PATH}/:name`, async (request) => {
    // `request-chat` keeps form or multipart only (docs/gms.md).
    const fields = await readForm(request, {
      maxBytes: context.options.maxBodyBytes,
      isJsonAccepted: false,
    })
    return createService(context, request.params.name, fields)
  })

  app.post<{ Params: { serviceId: string } }>(
    `${SERVICE_PATH}/:serviceId/ixn/chat`,
    async (request) => {
      const { service, fields } = await serviceRequest(context, request)
      return context.calls.start(service, fields, gmsUserOf(request.headers))
    },
  )

  for (const [name, call] of Object.entries(CHAT_CALLS)) {
    app.post<{ Params: { serviceId: string } }>(
      `${SERVICE_PATH}/:serviceId/ixn/chat/${name}`,
      async (request, reply) => {
        const { service, fields } = await serviceRequest(context, request)
        const answer = await call(context.calls, service, fields)
        if (!(answer instanceof JsonAnswer)) return answer
        // Already serialized (a poll): sent as it is, with the type fastify gives JSON.
        void reply.type(JSON_TYPE)
        return answer.text
      },
    )
  }
}

/** The form and the live service of a chat call; the call counts as the client's activity. */
async function serviceRequest(
  context: GmsRouteContext,
  request: FastifyRequest<{ Params: { serviceId: string } }>,
): Promise<{ service: GmsService; fields: FormFields }> {
  const fields = await readForm(request, {
    maxBytes: context.options.maxBodyBytes,
    isJsonAccepted: true,
  })
  const gmsUser = gmsUserOf(request.headers)
  const service = context.lifecycle.registry.get(request.params.serviceId)
  context.lifecycle.touch(service, gmsUser)
  if (!service) throw serviceNotFound(request.params.serviceId)
  return { service, fields }
}

/** `POST /genesys/1/service/{name}` (docs/gms.md, "Create service"). */
async function createService(
  context: GmsRouteContext,
  name: string,
  fields: FormFields,
): Promise<object> {
  const settings = context.options.services.get(name)
  if (!settings) throw serviceNotFound(name)
  const params = parseFields(createServiceFields, fields)
  refuseAtSessionLimit(context, settings)
  // `_ttl` may shorten the configured time to live, never extend it (docs/gms.md).
  const ttlSeconds = Math.min(params._ttl ?? settings.ttlSeconds, settings.ttlSeconds)
  const businessData = Object.fromEntries(
    [...fields].filter(([key]) => key !== '_verbose' && key !== '_ttl'),
  )
  const problem = userDataProblem(businessData)
  if (problem) throw userDataTooLarge(problem)
  refuseAtPendingLimit(context)
  // Held until the chat starts (its user data takes over) or the service expires.
  const heldBytes = userDataBytes(businessData)
  context.budget.reserve(heldBytes)
  let service: GmsService
  try {
    service = await context.lifecycle.createService(settings, ttlSeconds, businessData)
  } catch (error) {
    context.budget.release(heldBytes)
    throw error
  }
  service.heldBytes = heldBytes
  const answer = {
    _id: service.serviceId,
    '_chatIxnAPI-CREATE-URL': chatUrl(service.serviceId),
  }
  if (!params._verbose) return answer
  return {
    ...answer,
    _ttl: service.ttlSeconds,
    _chat_endpoint: settings.chatEndpoint,
    _created: new Date(service.createdAt).toISOString(),
    _data: service.businessData,
  }
}

/** A service costs nothing to create and lives for `_ttl`: their number is capped. */
function refuseAtPendingLimit(context: GmsRouteContext): void {
  const limit = context.options.maxPendingServices
  if (context.lifecycle.registry.pendingCount < limit) return
  throw new GmsError(
    503,
    'SessionLimitReached',
    `${limit} services are waiting for their chat: start a chat on one or try again later`,
  )
}

function refuseAtSessionLimit(context: GmsRouteContext, settings: ResolvedService): void {
  const limit = context.options.maxOpenSessions
  if (limit === undefined) return
  if (context.engine.openSessionCount(settings.application) < limit) return
  throw new GmsError(
    503,
    'SessionLimitReached',
    `${settings.application} is at its limit of ${limit} open sessions`,
  )
}
