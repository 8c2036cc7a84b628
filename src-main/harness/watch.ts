/**
 * `switchboard run --watch`: reruns the scenarios whenever one of them, or a strategy they use,
 * changes. Each run is a fresh child process, so an edited strategy module is loaded anew (a
 * module, once loaded, stays cached in the process that loaded it).
 */
import { spawn } from 'node:child_process'
import { watch, type FSWatcher } from 'node:fs'
import { dirname } from 'node:path'
import type { RunCommandOptions } from './run-command'
import { findScenarioFiles } from './scenario-files'
import { loadShippedConfig } from './scenario-config'
import { loadScenarioFile } from './scenario-file'

/** Scenario files, their folders, the files they include and their strategies: what reruns. */
function watchedPaths(inputs: readonly string[]): string[] {
  const { files } = findScenarioFiles(inputs)
  const shipped = loadShippedConfig()
  const paths = new Set<string>(files.map((file) => dirname(file)))
  for (const file of files) {
    try {
      const scenario = loadScenarioFile(file, shipped)
      for (const strategy of Object.values(scenario.config.strategies)) paths.add(strategy)
      for (const included of scenario.includedFiles) paths.add(included)
    } catch {
      // An invalid scenario is reported by the run itself.
    }
  }
  return [...paths]
}

function runChild(inputs: readonly string[], options: RunCommandOptions): Promise<number> {
  const args = [process.argv[1] ?? '', 'run', ...inputs]
  if (options.junit !== undefined) args.push('--junit', options.junit)
  if (options.jobs !== undefined) args.push('--jobs', String(options.jobs))
  if (options.workers !== undefined) args.push('--workers', String(options.workers))
  if (options.trace !== undefined) args.push('--trace', options.trace)
  if (options.grep !== undefined) args.push('--grep', options.grep)
  if (options.shard !== undefined) args.push('--shard', options.shard)
  if (options.stepTimeout !== undefined) args.push('--step-timeout', options.stepTimeout)
  if (options.bail) args.push('--bail')
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, ...args], { stdio: 'inherit' })
    child.on('exit', (code) => resolve(code ?? 1))
  })
}

/** Runs, then reruns on every change until SIGINT; resolves with the last run's status. */
export async function watchScenarios(
  inputs: readonly string[],
  options: RunCommandOptions,
): Promise<number> {
  let status = await runChild(inputs, options)
  let watchers: FSWatcher[] = []
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  const rewatch = () => {
    for (const watcher of watchers) watcher.close()
    watchers = watchedPaths(inputs).map((path) => watch(path, schedule))
  }
  const rerun = async () => {
    process.stdout.write('\n--- change detected: running again ---\n')
    status = await runChild(inputs, options)
    rewatch()
  }
  // Editors save in bursts (write, rename, chmod): wait for the burst to end.
  const schedule = () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      running = (running ?? Promise.resolve()).then(rerun)
    }, 150)
  }
  rewatch()
  process.stdout.write('watching for changes (Ctrl-C to stop)\n')
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()))
  for (const watcher of watchers) watcher.close()
  clearTimeout(timer)
  return status
}
