/** Progress moves in steps of this many percent. */
export const PROGRESS_STEP = 5;

/**
 * Progress of a streaming job without holding the stream up: at most one
 * update in flight, and only when the figure moved by PROGRESS_STEP percent;
 * figures reached meanwhile are dropped (the next one supersedes them).
 */
export class ProgressReporter {
  private last = -Infinity;
  private inFlight: Promise<void> | null = null;
  private error: unknown = null;

  constructor(
    private readonly sink: (percent: number) => Promise<void>,
    private readonly step = PROGRESS_STEP,
  ) {}

  report(percent: number): void {
    if (this.inFlight || percent - this.last < this.step) return;
    this.last = percent;
    this.inFlight = this.sink(percent)
      .catch((error: unknown) => {
        this.error ??= error;
      })
      .finally(() => {
        this.inFlight = null;
      });
  }

  /** Waits for the update in flight; a failed update fails the job as an awaited one would. */
  async settle(): Promise<void> {
    await this.inFlight;
    if (this.error !== null) throw this.error;
  }
}
