/**
 * Params schemas of the dashboard and export methods (docs/dashboard.md).
 */
import { z } from 'zod'
import { ROLES } from '../domain'
import { DEFAULT_SERVICE_LEVEL_SECONDS, STATS_WINDOWS } from '../stats'
import { DEFAULT_LONG_WAIT_SECONDS, EXPORT_FORMATS } from './dashboard'
import { sessionIdSchema } from './params'
import { MAX_HAND_NOTE_LENGTH } from './raised-hands'

export const DASHBOARD_PARAMS = {
  exportTranscript: z.strictObject({
    sessionId: sessionIdSchema,
    audience: z.enum(ROLES),
    format: z.enum(EXPORT_FORMATS),
  }),
  'dashboard.subscribe': z.strictObject({
    window: z.enum(STATS_WINDOWS).default('15m'),
    serviceLevelSeconds: z.number().int().min(1).max(3600).default(DEFAULT_SERVICE_LEVEL_SECONDS),
    longWaitSeconds: z.number().int().min(1).max(86_400).default(DEFAULT_LONG_WAIT_SECONDS),
  }),
  'dashboard.unsubscribe': z.strictObject({}),
  raiseHand: z.strictObject({
    sessionId: sessionIdSchema,
    note: z.string().max(MAX_HAND_NOTE_LENGTH).default(''),
  }),
  lowerHand: z.strictObject({ sessionId: sessionIdSchema }),
  pickUpHand: z.strictObject({ sessionId: sessionIdSchema }),
  listRaisedHands: z.strictObject({}),
  standardResponses: z.strictObject({ sessionId: sessionIdSchema }),
  transfer: z.strictObject({ sessionId: sessionIdSchema, toUserId: z.string().min(1).max(256) }),
  invite: z.strictObject({ sessionId: sessionIdSchema, toUserId: z.string().min(1).max(256) }),
  returnToQueue: z.strictObject({ sessionId: sessionIdSchema }),
  listAvailableAgents: z.strictObject({}),
} as const
