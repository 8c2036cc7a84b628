/**
 * Visual variants from lookup maps, not `v-if` chains (docs/style.md): each visibility and each kind
 * of event has its class, and the visibilities that hide something from someone have a text
 * label as well as a colour.
 */
import type { Visibility } from '../../../src-shared/domain'
import { messages } from '../messages'
import type { EventKind } from './event-sentences'

export interface VisibilityVariant {
  className: string
  /** Shown next to the item; null for ALL, which hides nothing. */
  label: string | null
  help: string
}

export const VISIBILITY_VARIANTS = {
  ALL: { className: 'vis-all', label: null, help: messages.visibilityHelp.ALL },
  INT: { className: 'vis-int', label: messages.visibility.INT, help: messages.visibilityHelp.INT },
  VIP: { className: 'vis-vip', label: messages.visibility.VIP, help: messages.visibilityHelp.VIP },
} as const satisfies Record<Visibility, VisibilityVariant>

export const KIND_CLASSES = {
  message: 'kind-message',
  notice: 'kind-notice',
  typing: 'kind-typing',
  join: 'kind-notice',
  leave: 'kind-notice',
  closed: 'kind-closed',
} as const satisfies Record<EventKind, string>
