import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ChatEngine } from '../engine/chat-engine'
import { EngineError } from '../engine/engine-error'

const createSessionBody = z.strictObject({
  customerNickname: z.string().min(1).max(64).default('Customer'),
  userData: z.record(z.string(), z.string()).default({}),
  application: z.string().min(1).optional(),
  endpoint: z.string().min(1).optional(),
})

const STATUS_BY_CODE: Partial<Record<EngineError['code'], number>> = {
  'unknown-application': 404,
  'invalid-parameter': 400,
  overloaded: 503,
  'storage-full': 503,
  'storage-error': 503,
}

/**
 * `POST /admin/sessions` on the ESP listener: create a queued session as a customer would,
 * without a GMS client behind it (so protocol inactivity never removes it). It serves
 * `switchboard session create`, scripts and the durability tests; it sits behind the ESP
 * listener's loopback-or-token rule, like the strategies that use it.
 */
export function registerAdminRoutes(app: FastifyInstance, engine: ChatEngine): void {
  app.post('/admin/sessions', async (request, reply) => {
    const parsed = createSessionBody.safeParse(request.body ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      return reply.code(400).send({
        error: 'invalid-request',
        message: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
      })
    }
    try {
      const created = await engine.createSession(parsed.data)
      return reply
        .code(201)
        .send({ ...created, session: engine.getSession(created.sessionId, 'supervisor') })
    } catch (error) {
      if (!(error instanceof EngineError)) throw error
      return reply
        .code(STATUS_BY_CODE[error.code] ?? 400)
        .send({ error: error.code, message: error.message })
    }
  })
}
