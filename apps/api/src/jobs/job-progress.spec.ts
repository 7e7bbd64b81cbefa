import { ProgressReporter } from './job-progress';

/** A progress sink whose updates finish only when the test says so. */
function gatedSink() {
  const seen: number[] = [];
  const gates: (() => void)[] = [];
  const sink = (percent: number) =>
    new Promise<void>((resolve) => {
      seen.push(percent);
      gates.push(resolve);
    });
  const open = async () => {
    for (const gate of gates.splice(0)) gate();
    await Promise.resolve();
    await Promise.resolve();
  };
  return { seen, sink, open };
}

describe('ProgressReporter', () => {
  it('never holds the caller up and keeps at most one update in flight', async () => {
    const { seen, sink, open } = gatedSink();
    const reporter = new ProgressReporter(sink, 5);
    reporter.report(10);
    reporter.report(20); // the first update has not finished: dropped
    reporter.report(30);
    expect(seen).toEqual([10]);
    await open();
    reporter.report(40);
    expect(seen).toEqual([10, 40]);
    await open();
    await reporter.settle();
  });

  it('reports only when the figure moved by its step', async () => {
    const seen: number[] = [];
    const reporter = new ProgressReporter(async (p) => {
      seen.push(p);
    }, 5);
    for (const p of [1, 2, 5.9, 6, 7, 11.5, 99]) {
      reporter.report(p);
      await reporter.settle();
    }
    expect(seen).toEqual([1, 6, 11.5, 99]);
  });

  it('fails settle() when an update failed, as an awaited update would have', async () => {
    const reporter = new ProgressReporter(() => Promise.reject(new Error('database gone')), 5);
    reporter.report(50);
    await expect(reporter.settle()).rejects.toThrow('database gone');
  });
});
