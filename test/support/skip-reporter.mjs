// Names every skipped test at the end of a run, whatever the reporter's
// verbosity: a skip never hides in a count.
export default class SkipReporter {
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
  }
}
