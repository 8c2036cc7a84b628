/**
 * The dashboard and export part of the console contract: results and pushes (zod-free, for the
 * renderer). Their params schemas are in `dashboard-params.ts`. See docs/dashboard.md.
 */
import type { Role } from '../domain'
import type { DashboardSnapshot } from '../stats'

/** A queued chat waiting longer than this is flagged, unless the supervisor picks another. */
export const DEFAULT_LONG_WAIT_SECONDS = 120

export const EXPORT_FORMATS = ['txt', 'html', 'json'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** `exportTranscript`: the file, ready to save. */
export interface ExportResult {
  sessionId: string
  audience: Role
  format: ExportFormat
  /** `transcript-<sessionId>-<audience>.<format>` */
  fileName: string
  mediaType: string
  content: string
}

/** A fresh dashboard snapshot, for supervisors that subscribed (`dashboard.subscribe`). */
export interface DashboardPush {
  push: 'dashboard'
  snapshot: DashboardSnapshot
}

/** `dashboard.unsubscribe` answers this. */
export interface DashboardUnsubscribed {
  isSubscribed: false
}
