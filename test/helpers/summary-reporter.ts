import type { Reporter, TestModule } from 'vitest/node'

/**
 * Ends the run with the plain line `N passed, N failed[, N skipped]` that CI reads (and people
 * grep), after vitest's own summary.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed += 1
        else if (state === 'failed') failed += 1
        else skipped += 1
      }
      // A file that could not even load counts as a failure, not as nothing.
      if (testModule.state() === 'failed' && !testModule.children.size) failed += 1
    }
    const skippedText = skipped > 0 ? `, ${skipped} skipped` : ''
    process.stdout.write(`\n${passed} passed, ${failed} failed${skippedText}\n`)
  }
}
