import type { Reporter, TestModule } from 'vitest/node'

type RunEndReason = 'passed' | 'interrupted' | 'failed'

/**
 * Ends the run with the plain line `N passed, N failed[, N skipped]` that CI reads (and people
 * grep), after vitest's own summary. The line never says "0 failed" when the run failed: a file
 * that could not load, or whose set-up failed so that its tests were skipped (no Chromium for the
 * end-to-end tests), counts as one failure, and so does every error outside a test. A run that
 * failed before any file could tell (a project that cannot start) counts as one failure.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: readonly TestModule[],
    unhandledErrors: readonly unknown[] = [],
    reason: RunEndReason = 'passed',
  ): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const testModule of testModules) {
      let failedHere = 0
      for (const test of testModule.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed += 1
        else if (state === 'failed') failedHere += 1
        else skipped += 1
      }
      // The file failed, but none of its tests says so: it failed to load or to set up.
      if (testModule.state() === 'failed' && failedHere === 0) failedHere = 1
      failed += failedHere
    }
    failed += unhandledErrors.length
    if (reason === 'failed' && failed === 0) failed = 1
    const skippedText = skipped > 0 ? `, ${skipped} skipped` : ''
    process.stdout.write(`\n${passed} passed, ${failed} failed${skippedText}\n`)
  }
}
