/**
 * Runs an async task at most once per delay however often it is asked for, and never twice at
 * once: a burst of pushes becomes one reload, and a request asked for while one runs is run
 * again afterwards so the last word always wins.
 */
export interface CoalescedTask {
  /** Runs the task after the delay, unless a run is already scheduled. */
  schedule(): void
  /** Runs the task now (or right after the running one) and resolves when it is done. */
  runNow(): Promise<void>
  cancel(): void
}

export function coalesce(task: () => Promise<void>, delayMs: number): CoalescedTask {
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> | undefined
  let isWanted = false

  async function run(): Promise<void> {
    clearTimeout(timer)
    timer = undefined
    if (running) {
      isWanted = true
      return running
    }
    running = task().finally(() => {
      running = undefined
      if (isWanted) {
        isWanted = false
        schedule()
      }
    })
    return running
  }

  function schedule(): void {
    if (timer !== undefined) return
    if (running) {
      isWanted = true
      return
    }
    timer = setTimeout(() => void run(), delayMs)
  }

  function cancel(): void {
    clearTimeout(timer)
    timer = undefined
    isWanted = false
  }

  return { schedule, runNow: run, cancel }
}
