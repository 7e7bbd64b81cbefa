import type { DataSource } from 'typeorm';

/**
 * Waits on state, never on time: polls `check` until it returns a truthy
 * value (returned) and fails with `what` after `timeoutMs`. The timeout only
 * bounds a hung test; a passing test never depends on it.
 */
export async function eventually<T>(
  check: () => Promise<T> | T,
  {
    timeoutMs = 15_000,
    everyMs = 50,
    what = 'condition',
  }: { timeoutMs?: number; everyMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      lastError = null;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

interface Activity {
  /** Outbox rows not relayed yet. */
  pending: number;
  /** Email claims taken and not marked sent or failed yet. */
  sending: number;
  /** Tracked jobs queued or running. */
  busy: number;
  /** Relayed appointment notices whose email has no entry in the notification log yet (queued, not started). */
  unsent: number;
  /** Changes whenever anything is relayed, sent or finished. */
  fingerprint: string;
}

async function activity(ds: DataSource): Promise<Activity> {
  const [row] = (await ds.query(
    `SELECT
       (SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL)::int AS pending,
       (SELECT count(*) FROM notification_log WHERE state = 'sending')::int AS sending,
       (SELECT count(*) FROM jobs WHERE status IN ('queued', 'running'))::int AS busy,
       (SELECT count(*) FROM outbox_messages o WHERE o.dispatched_at IS NOT NULL AND o.kind LIKE 'appointment.%'
          AND NOT EXISTS (SELECT 1 FROM notification_log n WHERE n.key = o.dedupe_key AND n.state <> 'sending'))::int AS unsent,
       (SELECT count(*) FROM outbox_messages)::int AS outbox,
       (SELECT count(*) FROM notification_log)::int AS logged,
       (SELECT count(*) FROM notification_log WHERE state = 'sent')::int AS sent,
       (SELECT count(*) FROM jobs)::int AS jobs`,
  )) as {
    pending: number;
    sending: number;
    busy: number;
    unsent: number;
    outbox: number;
    logged: number;
    sent: number;
    jobs: number;
  }[];
  return {
    pending: row.pending,
    sending: row.sending,
    busy: row.busy,
    unsent: row.unsent,
    fingerprint: [row.outbox, row.logged, row.sent, row.jobs].join('/'),
  };
}

/**
 * Waits until the background work is done: every outbox row relayed, every
 * relayed appointment notice handled by the mail job, no email claim in
 * flight, no tracked job queued or running, and all of that unchanged over
 * `stableRounds` consecutive looks. Call it after the expected state is
 * reached and before asserting "exactly one", so a late duplicate (a second
 * relay, a retry, a second worker) is still counted.
 */
export async function quiescent(
  ds: DataSource,
  {
    timeoutMs = 30_000,
    stableRounds = 3,
    everyMs = 100,
  }: { timeoutMs?: number; stableRounds?: number; everyMs?: number } = {},
): Promise<void> {
  let previous = '';
  let stable = 0;
  await eventually(
    async () => {
      const now = await activity(ds);
      const idle = now.pending === 0 && now.sending === 0 && now.busy === 0 && now.unsent === 0;
      stable = idle && now.fingerprint === previous ? stable + 1 : 0;
      previous = now.fingerprint;
      return stable >= stableRounds;
    },
    { timeoutMs, everyMs, what: 'the outbox, the mail queue and the jobs to go quiet' },
  );
}
