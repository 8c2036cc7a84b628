/**
 * The ESP wire format, described once (docs/esp.md, "Envelope", "Answers", "Fault codes"): the request
 * envelope a workflow sends and the two answers it gets back, as zod schemas with the types
 * inferred from them. The ESP listener parses requests with them, the console's ESP sender and
 * the harness' client check answers with them, the composer builds requests of these types, and
 * the tests read answers through them. Types only for the renderer (`import type`): the values
 * here pull in zod.
 */
import { z } from 'zod'

/** The fault codes of docs/esp.md, in the order a request is checked for them. */
export const ESP_FAULT_CODES = [
  'malformed-request',
  'unknown-service',
  'unknown-method',
  'missing-interaction',
  'unknown-session',
  'unknown-application',
  'session-closed',
  'missing-parameter',
  'invalid-parameter',
  'no-parameters',
  'unknown-language',
  'overloaded',
  'storage-full',
  'internal-error',
] as const
export type EspFaultCode = (typeof ESP_FAULT_CODES)[number]

/** The caller's reference, echoed in the answer; `null` when the request had none. */
export const referenceIdSchema = z.union([z.number(), z.string()]).nullable()
export type ReferenceId = z.infer<typeof referenceIdSchema>

/** A parameter value as written; ESP reads numbers and booleans as their text. */
export const espParameterValueSchema = z.union([z.string(), z.number(), z.boolean()])
export type EspParameterValue = z.infer<typeof espParameterValueSchema>

/** The request envelope: field types only; which method and parameters is the listener's check. */
export const espRequestSchema = z.object({
  referenceId: referenceIdSchema.optional(),
  application: z.string().optional(),
  service: z.string(),
  method: z.string(),
  interactionId: z.string().optional(),
  parameters: z.record(z.string(), espParameterValueSchema).optional(),
  userData: z.record(z.string(), z.unknown()).optional(),
})
export type EspRequest = z.infer<typeof espRequestSchema>

/** Why a request was refused: nothing was changed. */
export const espFaultSchema = z.object({
  code: z.string(),
  /** `missing-parameter` / `invalid-parameter`: the parameter at fault. */
  parameter: z.string().optional(),
  /** A sentence for the strategy's author. */
  text: z.string(),
})
/** A fault as the listener builds it: its code is one of {@link ESP_FAULT_CODES}. */
export type EspFault = z.infer<typeof espFaultSchema> & { code: EspFaultCode }

export const espResponseSchema = z.object({
  referenceId: referenceIdSchema,
  event: z.literal('Event3rdServerResponse'),
  /** The events the request appended, by the ids a workflow knows them by (it sees all). */
  result: z.object({ sessionId: z.string(), eventIds: z.array(z.number()) }),
  /** Parameters the method does not know, in the order the request listed them. */
  ignoredParameters: z.array(z.string()),
})
export type EspResponse = z.infer<typeof espResponseSchema>

export const espFaultAnswerSchema = z.object({
  referenceId: referenceIdSchema,
  event: z.literal('Event3rdServerFault'),
  fault: espFaultSchema,
  /** Absent when the request was refused before its method was known. */
  ignoredParameters: z.array(z.string()).optional(),
})
export type EspFaultAnswer = Omit<z.infer<typeof espFaultAnswerSchema>, 'fault'> & {
  fault: EspFault
}

/** Either answer, as read off the wire (a fault's code is any text there). */
export const espAnswerSchema = z.discriminatedUnion('event', [
  espResponseSchema,
  espFaultAnswerSchema,
])
export type EspAnswer = EspResponse | EspFaultAnswer
