/**
 * durability.kill-rounds: more `kill -9` rounds than `npm test` runs (the same procedure as
 * test/integration/durability.test.ts), reporting acknowledged events lost, rounds whose
 * database failed `integrity_check` or had a gap in its event ids.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runKillRounds } from '../test/helpers/kill-rounds'
import { exited } from '../test/helpers/server-process'
import { figure, type Figure } from './report'

export async function benchDurability(options: { rounds: number }): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-durability-'))
  try {
    const { rounds, acknowledged, server } = await runKillRounds(dataDir, options.rounds)
    server.child.kill('SIGTERM')
    await exited(server.child)
    const bad = rounds.filter(
      (round) =>
        round.integrity !== 'ok' ||
        round.lostIds.length > 0 ||
        round.storedIds.some((id, index) => id !== index + 1),
    )
    const lost = rounds.at(-1)?.lostIds.length ?? 0
    return [
      figure({ name: 'durability.kill-rounds', value: options.rounds, unit: 'rounds' }, null, null),
      figure({ name: 'durability.acknowledged', value: acknowledged, unit: 'events' }, null, null),
      figure({ name: 'durability.lost-events', value: lost, unit: 'events' }, null, {
        op: '<=',
        value: 0,
      }),
      figure({ name: 'durability.bad-rounds', value: bad.length, unit: 'rounds' }, null, {
        op: '<=',
        value: 0,
      }),
    ]
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
