import type { Reporter, TestModule } from "vitest/node";

/**
 * Ends every run with one plain line, "tests: N passed, N failed, N skipped", after vitest's own summary.
 * CI reads that line to tell a run that tested something from one that ran nothing.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") counts.passed++;
        else if (state === "failed") counts.failed++;
        else counts.skipped++;
      }
    }
    // Printed after the default reporter's summary so it is the run's last line.
    setImmediate(() =>
      console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`),
    );
  }
}
