/**
 * The texts of the supervisor dashboard and of the transcript export: part of the one messages
 * module, reached as `messages.dashboard` and `messages.exports`.
 */
import type { ExportFormat } from '../../../src-shared/console-api/dashboard'
import type { Role } from '../../../src-shared/domain'
import type { StatsWindow } from '../../../src-shared/stats'

const seconds = (value: number | null): string => {
  if (value === null) return '–'
  if (value < 60) return `${value} s`
  const minutes = Math.floor(value / 60)
  const rest = Math.round(value % 60)
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`
}

export const dashboardMessages = {
  title: 'Dashboard',
  viewLabel: 'Console view',
  views: { sessions: 'Sessions', dashboard: 'Dashboard' },
  loading: 'Loading the figures…',
  failed: (reason: string) => `The dashboard could not be loaded: ${reason}`,
  updatedAt: (time: string) => `Updated ${time} (live)`,
  windowLabel: 'Window',
  thresholds: {
    longWait: 'Long wait (s)',
    serviceLevel: 'Service level within (s)',
  },
  windows: { '15m': 'Last 15 minutes', '1h': 'Last hour', today: 'Today' } satisfies Record<
    StatsWindow,
    string
  >,
  nowTitle: 'Now',
  windowTitle: (window: string) => `${window}`,
  now: {
    queued: 'Chats queued',
    active: 'Chats active',
    longestWait: 'Longest wait',
    longestWaitOf: (sessionId: string) => `chat ${sessionId}`,
    noWait: 'Nobody waiting',
    supervised: 'Monitored or coached',
    idleAlertPending: 'Idle alert pending',
    longWaiting: (limit: number) => `Waiting over ${seconds(limit)}`,
    agentsSignedIn: 'Agents signed in',
  },
  figures: {
    offered: 'Offered',
    answered: 'Answered',
    abandoned: 'Abandoned before an agent joined',
    closedByIdle: 'Closed by idle control',
    closedByTtl: 'Closed by TTL',
    averageWait: 'Average wait',
    p90Wait: '90th percentile wait',
    averageHandle: 'Average handle time',
    serviceLevel: (threshold: number) => `Service level (answered within ${seconds(threshold)})`,
    percent: (value: number | null) => (value === null ? '–' : `${value} %`),
  },
  seconds,
  charts: {
    overTime: 'Arrivals, answered and abandoned over time',
    overTimeSummary: (arrivals: number, answered: number, abandoned: number) =>
      `${arrivals} arrived, ${answered} answered, ${abandoned} abandoned in this window.`,
    arrivals: 'Arrivals',
    answered: 'Answered',
    abandoned: 'Abandoned',
    waits: 'Wait before an agent joined',
    waitsSummary: (answered: number) => `${answered} answered chats by how long they waited.`,
    waitBin: (from: number, to: number | null) =>
      to === null ? `over ${seconds(from)}` : `${seconds(from)}–${seconds(to)}`,
    chats: 'Chats',
    agentLoad: 'Per-agent load',
    agentLoadSummary: (agents: number) => `${agents} agents: open chats now and chats answered.`,
    openNow: 'Open chats now',
    answeredInWindow: 'Answered in window',
  },
  agents: {
    title: 'Agents',
    name: 'Agent',
    status: 'Status',
    signedIn: 'signed in',
    signedOut: 'not signed in',
    chats: 'Open chats',
    answered: 'Answered in window',
    none: 'No agent is signed in or handling a chat.',
  },
  alerts: {
    title: 'Alerts',
    none: 'No alerts.',
    desktop: 'Desktop notifications for alerts',
    hand: (agent: string, sessionId: string, note: string) =>
      note === ''
        ? `${agent} raised a hand on chat ${sessionId}`
        : `${agent} raised a hand on chat ${sessionId}: “${note}”`,
    pickUp: 'Pick up',
    pickedUpBy: (name: string) => `picked up by ${name}`,
    open: 'Open chat',
    kinds: { hand: 'Hand raised', 'long-wait': 'Waiting too long', idle: 'Idle alert' },
    longWait: (sessionId: string) => `Chat ${sessionId} has waited too long`,
    idle: (sessionId: string) => `Chat ${sessionId}: idle alert sent, it closes soon`,
  },
} as const

export const handMessages = {
  title: 'Ask a supervisor for help',
  note: 'Note for the supervisors (optional)',
  raise: 'Raise hand',
  lower: 'Lower hand',
  waiting: 'Hand raised: waiting for a supervisor.',
  pickedUp: (name: string) => `${name} picked up your raised hand.`,
  failed: (reason: string) => `Could not do that: ${reason}`,
} as const

export const responseMessages = {
  label: 'Standard responses',
  hint: '↑ ↓ to choose, Enter to insert, Esc to close. Type / to search standard responses.',
} as const

export const handoverMessages = {
  title: 'Transfer or invite',
  agent: 'Agent',
  transfer: 'Transfer',
  invite: 'Invite into the chat',
  queue: 'Back to the queue',
  nobody: 'No other agent is signed in.',
  done: 'Done. The transcript shows it.',
} as const

export const exportMessages = {
  title: 'Export transcript',
  audience: 'As seen by',
  format: 'Format',
  audiences: { customer: 'Customer', agent: 'Agent', supervisor: 'Supervisor' } satisfies Record<
    Role,
    string
  >,
  formats: { txt: 'Text', html: 'HTML page', json: 'JSON' } satisfies Record<ExportFormat, string>,
  download: 'Export',
  exporting: 'Exporting…',
  done: (fileName: string) => `Saved ${fileName}`,
  failed: (reason: string) => `Export failed: ${reason}`,
} as const
