import { Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { BullJobQueue } from './bull-job-queue';
import { QUEUE_NAMES, type QueueName } from './job-queue';

/** A Redis client as Bull holds it: a status, and a disconnect that ends the connection at once. */
class FakeClient {
  disconnects = 0;
  constructor(public status: string) {}
  disconnect(): void {
    this.disconnects++;
    this.status = 'end';
  }
}

/** A Bull queue reduced to what close touches; `close` resolves when `finishClose` is called, or never. */
class FakeQueue {
  closeCalls: { at: string[] }[] = [];
  onApplicationShutdown?: () => Promise<void>;
  /** The processor registered through BullJobQueue.process, as Bull would call it for a job. */
  processor?: (job: { id: string; name: string; data: unknown; attemptsMade: number }) => Promise<unknown>;
  private finish: (() => void) | null = null;
  constructor(
    readonly name: string,
    readonly clients: FakeClient[],
  ) {}
  on(): this {
    return this;
  }
  process(_name: string, _concurrency: number, processor: NonNullable<FakeQueue['processor']>): Promise<void> {
    this.processor = processor;
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.closeCalls.push({ at: this.clients.map((c) => c.status) });
    return new Promise((resolve) => (this.finish = resolve));
  }
  finishClose(): void {
    this.finish?.();
  }
}

const WAIT_MS = 200;

function queues(statuses: string[]) {
  const all = QUEUE_NAMES.map(
    (name) =>
      new FakeQueue(
        name,
        statuses.map((s) => new FakeClient(s)),
      ),
  );
  const record = Object.fromEntries(all.map((q) => [q.name, q])) as unknown as Record<QueueName, Queue>;
  return { all, jobQueue: new BullJobQueue(record, WAIT_MS) };
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('BullJobQueue.close', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(true));

  it('lets clients that are reconnecting settle before Bull closes the queue', async () => {
    const { all, jobQueue } = queues(['reconnecting', 'connecting', 'ready']);
    const closing = jobQueue.close();
    await tick(60);
    expect(all.every((q) => q.closeCalls.length === 0)).toBe(true);

    for (const q of all) for (const c of q.clients) c.status = 'ready';
    await tick(60);
    for (const q of all) {
      expect(q.closeCalls).toEqual([{ at: ['ready', 'ready', 'ready'] }]);
      q.finishClose();
    }
    await closing;
    // Bull closed them: nothing dropped by hand.
    expect(all.flatMap((q) => q.clients).every((c) => c.disconnects === 0)).toBe(true);
  });

  it('drops the connections itself when Bull never finishes closing, and ends', async () => {
    const { all, jobQueue } = queues(['ready', 'ready', 'ready']);
    await jobQueue.close();
    for (const q of all) {
      expect(q.closeCalls).toHaveLength(1);
      expect(q.clients.map((c) => c.disconnects)).toEqual([1, 1, 1]);
    }
  });

  it('waits for a job still running here before dropping the connections', async () => {
    const { all, jobQueue } = queues(['ready']);
    let finishJob = () => undefined as void;
    jobQueue.process('mail', 'send', () => new Promise<void>((resolve) => (finishJob = resolve)));
    const mail = all.find((q) => q.name === 'mail')!;
    const job = mail.processor!({ id: '1', name: 'send', data: {}, attemptsMade: 0 });
    let closed = false;
    const closing = jobQueue.close().then(() => (closed = true));
    await tick(WAIT_MS + 100);
    expect(closed).toBe(false);
    expect(mail.clients[0].disconnects).toBe(0);
    finishJob();
    await job;
    await closing;
    expect(mail.clients[0].disconnects).toBe(1);
  });

  it('is the one close, however often and by whom it is asked (Nest calls each queue at shutdown)', async () => {
    const { all, jobQueue } = queues(['ready']);
    const first = jobQueue.close();
    const fromNest = all.map((q) => q.onApplicationShutdown?.());
    await tick(10);
    for (const q of all) q.finishClose();
    await Promise.all([first, jobQueue.close(), ...fromNest]);
    for (const q of all) expect(q.closeCalls).toHaveLength(1);
    expect(all.flatMap((q) => q.clients).every((c) => c.disconnects === 0)).toBe(true);
    expect(fromNest.every((p) => p instanceof Promise)).toBe(true);
  });
});
