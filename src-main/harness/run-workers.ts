/**
 * Spreads a run over worker threads, one per core: scenarios are CPU-bound in the end (both
 * sides of every loopback request, SQLite, JSON), and one thread uses one core. Each worker runs
 * its share of the files with `runScenarioFiles`, concurrently as the in-process run does, and
 * posts each result back as soon as it is done.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { runScenarioFiles, type RunOptions, type ScenarioResult } from './scenario-runner'

/** What the main thread hands a worker. */
interface Shard {
  files: string[]
  /** Index of each file in the whole run, so results print in the order given. */
  indexes: number[]
  concurrency: number
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
  await runScenarioFiles(shard.files, {
    concurrency: shard.concurrency,
    onResult: (result, index) => {
      port.postMessage({ index: shard.indexes[index] ?? index, result } satisfies ShardMessage)
    },
  })
}

function failedResult(file: string, reason: string): ScenarioResult {
  return {
    name: file,
    file,
    isPassed: false,
    durationMs: 0,
    virtualMs: 0,
    strategyFiles: [],
    trace: [],
    failure: [reason],
  }
}

/** Round robin: neighbouring files (often alike in cost) go to different threads. */
function splitShards(files: readonly string[], workers: number, concurrency: number): Shard[] {
  const shards: Shard[] = Array.from({ length: workers }, () => ({
    files: [],
    indexes: [],
    concurrency,
  }))
  files.forEach((file, index) => {
    const shard = shards[index % shards.length]
    shard?.files.push(file)
    shard?.indexes.push(index)
  })
  return shards.filter((shard) => shard.files.length > 0)
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
  files: readonly string[],
  options: RunOptions & { workers: number },
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = new Array(files.length)
  const record = (index: number, result: ScenarioResult) => {
    results[index] = result
    options.onResult?.(result, index)
  }
  const shards = splitShards(files, options.workers, options.concurrency ?? 8)
  await Promise.all(shards.map((shard) => runWorker(entry, shard, record)))
  files.forEach((file, index) => {
    if (!results[index]) record(index, failedResult(file, 'its worker stopped before it finished'))
  })
  return results
}
