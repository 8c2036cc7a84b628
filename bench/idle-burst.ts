/**
 * idle.session.memory and idle.close-burst.loop-delay.p99: 10,000 open sessions with an agent
 * and idle control on; then 1,000 of them are set to alert after 1 s and close 1 s later, and
 * the event loop's delay is sampled while they alert and close.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { DEFAULT_IDLE_SETTINGS } from '../src-shared/idle-settings'
import { ChatEngine } from '../src-main/engine/chat-engine'
import { SystemClock } from '../src-main/engine/clock'
import { openStore } from '../src-main/store'
import { figure, type Figure } from './report'

const gc = (globalThis as { gc?: () => void }).gc

function heapUsed(): number {
  gc?.()
  gc?.()
  return process.memoryUsage().heapUsed
}

export async function benchIdleBurst(options: {
  sessions: number
  closing: number
}): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-idle-'))
  const store = openStore(join(dir, 'idle.db'))
  const clock = new SystemClock()
  const engine = new ChatEngine({
    applications: [
      {
        name: 'ChatServer',
        endpoints: ['gms_builtin'],
        idleDefaults: { ...DEFAULT_IDLE_SETTINGS, enabled: true, timeoutAlert: 3600 },
        defaultLanguage: null,
        languages: [],
        systemNickname: 'system',
      },
    ],
    persistence: store.persistence,
    clock,
  })
  try {
    const before = heapUsed()
    const ids: string[] = []
    for (let i = 0; i < options.sessions; i += 500) {
      const wave = Array.from({ length: Math.min(500, options.sessions - i) }, async () => {
        const { sessionId } = await engine.createSession({
          customerNickname: 'Ann',
          userData: { FirstName: 'Ann' },
        })
        await engine.joinAgent(sessionId, { userId: 'agent1', nickname: 'Alex' })
        return sessionId
      })
      ids.push(...(await Promise.all(wave)))
    }
    const perSession = (heapUsed() - before) / options.sessions

    const closing = ids.slice(0, options.closing)
    const change = { resetParameters: false, changes: { timeoutAlert: 1, timeoutClose: 1 } }
    await Promise.all(closing.map((id) => engine.configureIdle(id, { change, by: 'bench' })))
    const delay = monitorEventLoopDelay({ resolution: 1 })
    delay.enable()
    while (engine.openSessionCount() > options.sessions - options.closing) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    delay.disable()
    return [
      figure({ name: 'idle.session.memory', value: perSession, unit: 'bytes' }, null, null),
      figure(
        { name: 'idle.close-burst.loop-delay.p99', value: delay.percentile(99) / 1e6, unit: 'ms' },
        null,
        { op: '<=', value: 5 },
      ),
    ]
  } finally {
    await engine.shutdown()
    clock.stop()
    store.persistence.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
