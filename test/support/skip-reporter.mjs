// Names every skipped test at the end of a run, whatever the reporter's
// verbosity: a skip never hides in a count. With TEST_NO_SKIPS=true (CI, whose
// machine has everything every suite needs) any skip fails the run.
export default class SkipReporter {
  #error = undefined;

  onRunComplete(_contexts, results) {
    const skipped = [];
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status === 'pending' || test.status === 'skipped' || test.status === 'todo') {
          skipped.push(`  ${file.testFilePath.replace(`${process.cwd()}/`, '')} › ${test.fullName}`);
        }
      }
    }
    if (skipped.length === 0) return;
    process.stdout.write(`\nSkipped tests (${skipped.length}):\n${skipped.join('\n')}\n`);
    if (process.env.TEST_NO_SKIPS === 'true' && !isFiltered()) {
      this.#error = new Error(`TEST_NO_SKIPS=true: ${skipped.length} test(s) skipped (listed above)`);
      process.stdout.write(`${this.#error.message}\n`);
    }
  }

  getLastError() {
    return this.#error;
  }
}

/** A run narrowed by name (-t) skips the rest on purpose. */
function isFiltered() {
  return process.argv.some((arg) => arg === '-t' || arg.startsWith('--testNamePattern'));
}
