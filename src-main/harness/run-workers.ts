/**
 * Spreads a run over worker threads, one per core: scenarios are CPU-bound in the end (both
 * sides of every loopback request, SQLite, JSON), and one thread uses one core. Each worker runs
 * its share of the runs with `runPlannedRuns`, concurrently as the in-process run does, and
 * posts each result back as soon as it is done.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { loadShippedConfig } from './scenario-config'
import { runsOf, type PlannedRun, type RunReference } from './scenario-plan'
import { runPlannedRuns, type RunOptions, type ScenarioResult } from './scenario-runner'

/** What the main thread hands a worker. */
interface Shard {
  runs: RunReference[]
  /** Index of each run in the whole run, so results print in the order given. */
  indexes: number[]
  concurrency: number
  settleTimeoutMs?: number
  bail?: boolean
}

type ShardMessage = { index: number; result: ScenarioResult }

const SHARD_KEY = 'switchboardHarnessShard'

/** True in a worker started by {@link runInWorkers}; the CLI then runs {@link runShard}. */
export function isHarnessWorker(): boolean {
  return (
    !isMainThread &&
    typeof workerData === 'object' &&
    workerData !== null &&
    SHARD_KEY in workerData
  )
}

/** The worker side: runs its files and posts each result. */
export async function runShard(): Promise<void> {
  const shard = (workerData as Record<string, Shard>)[SHARD_KEY]
  if (!shard || !parentPort) return
  const port = parentPort
  await runPlannedRuns(runsOf(shard.runs, loadShippedConfig()), {
    concurrency: shard.concurrency,
    ...(shard.settleTimeoutMs === undefined ? {} : { settleTimeoutMs: shard.settleTimeoutMs }),
    ...(shard.bail === undefined ? {} : { bail: shard.bail }),
    onResult: (result, index) => {
      port.postMessage({ index: shard.indexes[index] ?? index, result } satisfies ShardMessage)
    },
  })
}

function failedResult(run: PlannedRun, reason: string): ScenarioResult {
  return {
    name: run.name,
    file: run.file,
    isPassed: false,
    durationMs: 0,
    virtualMs: 0,
    strategyFiles: [],
    trace: [],
    failure: [reason],
  }
}

/** Round robin: neighbouring files (often alike in cost) go to different threads. */
function splitShards(
  runs: readonly PlannedRun[],
  workers: number,
  options: Omit<Shard, 'runs' | 'indexes'>,
): Shard[] {
  const shards: Shard[] = Array.from({ length: workers }, () => ({
    ...options,
    runs: [],
    indexes: [],
  }))
  runs.forEach((run, index) => {
    const shard = shards[index % shards.length]
    shard?.runs.push({ file: run.file, rowIndex: run.rowIndex })
    shard?.indexes.push(index)
  })
  return shards.filter((shard) => shard.runs.length > 0)
}

/** Runs one shard in a worker; resolves when the worker is gone. */
function runWorker(
  entry: string,
  shard: Shard,
  record: (index: number, result: ScenarioResult) => void,
): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(entry, { workerData: { [SHARD_KEY]: shard } })
    worker.on('message', ({ index, result }: ShardMessage) => record(index, result))
    worker.on('error', (error) => {
      // What it had not reported yet is failed with its error, in `runInWorkers`.
      process.stderr.write(`switchboard run: a worker failed: ${error.stack ?? error.message}\n`)
    })
    worker.on('exit', () => resolve())
  })
}

/**
 * Runs `files` over `workers` threads started from `entry` (the CLI's own script, which runs
 * {@link runShard} when it finds itself in such a worker). Results come back in file order.
 */
export async function runInWorkers(
  entry: string,
  runs: readonly PlannedRun[],
  options: RunOptions & { workers: number },
): Promise<ScenarioResult[]> {
  options.onPlanned?.(runs.length)
  const results: ScenarioResult[] = new Array(runs.length)
  const record = (index: number, result: ScenarioResult) => {
    results[index] = result
    options.onResult?.(result, index)
  }
  const shards = splitShards(runs, options.workers, {
    concurrency: options.concurrency ?? 8,
    ...(options.settleTimeoutMs === undefined ? {} : { settleTimeoutMs: options.settleTimeoutMs }),
    ...(options.bail === undefined ? {} : { bail: options.bail }),
  })
  await Promise.all(shards.map((shard) => runWorker(entry, shard, record)))
  runs.forEach((run, index) => {
    if (!results[index]) record(index, failedResult(run, 'its worker stopped before it finished'))
  })
  return results
}
