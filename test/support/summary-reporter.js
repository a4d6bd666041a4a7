// @ts-check
// A Jest reporter beside the default one: it names every skipped test (those that need SPECS_DIR end in
// "(needs SPECS_DIR)", see test/support/specs-dir.ts) and closes the run with one plain line,
// "Tests: N passed, N failed, N skipped", which CI reads. Jest always prints its own summary after every custom
// reporter, so that line is written when the process exits. Plain JavaScript: Jest loads reporters untransformed.
import { relative } from 'node:path';

export default class SummaryReporter {
  /** @param {import('@jest/types').Config.GlobalConfig} globalConfig */
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  /**
   * @param {unknown} _contexts
   * @param {import('@jest/test-result').AggregatedResult} results
   */
  onRunComplete(_contexts, results) {
    const skipped = results.testResults.flatMap((file) =>
      file.testResults
        .filter((test) => test.status === 'pending' || test.status === 'skipped' || test.status === 'todo')
        .map((test) => `  skipped: ${test.fullName} (${relative(this.rootDir, file.testFilePath)})`),
    );
    if (skipped.length > 0) process.stderr.write(`\nSkipped tests (${skipped.length}):\n${skipped.join('\n')}\n`);
    // A suite that failed to load counts as a failure even though none of its tests ran.
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const closing = `Tests: ${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests + results.numTodoTests} skipped`;
    process.once('exit', () => process.stderr.write(`${closing}\n`));
  }
}
