import type { DataSource } from 'typeorm';
import { DomainEvents } from '../common/events/domain-events';
import type { AppConfig } from '../config/app-config';
import type { JobQueue } from '../jobs/job-queue';
import type { RedisConnection } from '../redis/redis.module';
import { OutboxRelayService, RELAY_BATCH_SIZE, RELAY_INTERVAL_MS } from './outbox-relay.service';

interface Claim {
  sql: string;
  params: unknown[];
}

/** The relay over a database that answers each claim with `next` rows (and records the claims). */
function relayOver() {
  const claims: Claim[] = [];
  let answered = 0;
  const state = { rows: 1, failEnqueue: false };
  const dataSource = {
    query: async (sql: string, params: unknown[]) => {
      if (!sql.includes('WITH claimed')) return [];
      claims.push({ sql, params });
      answered += 1;
      const windowFrom = new Date(Date.UTC(2027, 0, 1, 0, 0, answered));
      if (state.rows === 0) return [{ id: null, window_from: windowFrom }];
      return Array.from({ length: state.rows }, (_, i) => ({
        id: `m${answered}-${i}`,
        kind: 'appointment.booked',
        aggregate_id: `a${answered}-${i}`,
        dedupe_key: `appointment.booked:a${answered}-${i}:0`,
        payload: {},
        window_from: windowFrom,
      }));
    },
  } as unknown as DataSource;
  const queue = {
    enqueueBulk: async () => {
      if (state.failEnqueue) throw new Error('queue down');
    },
  } as unknown as JobQueue;
  const relay = new OutboxRelayService(
    dataSource,
    queue,
    new DomainEvents(),
    { client: null } as RedisConnection,
    { redisPrefix: 'test' } as AppConfig,
  );
  /** The lower bound of the last claim: null for a full claim. */
  const lastSince = () => {
    const last = claims[claims.length - 1];
    return last.sql.includes('created_at >=') ? (last.params[3] as Date) : null;
  };
  return { relay, claims, state, lastSince };
}

describe('OutboxRelayService claims', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reads from the oldest message first, then only from shortly before the previous claim, and in full again each interval', async () => {
    const clock = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const { relay, lastSince } = relayOver();
    await relay.relayOnce();
    expect(lastSince()).toBeNull();
    await relay.relayOnce();
    // The previous claim's database time less the margin, as the claim answered it.
    expect(lastSince()).toEqual(new Date(Date.UTC(2027, 0, 1, 0, 0, 1)));
    clock.mockReturnValue(1_000_000 + RELAY_INTERVAL_MS - 1);
    await relay.relayOnce();
    expect(lastSince()).toEqual(new Date(Date.UTC(2027, 0, 1, 0, 0, 2)));
    clock.mockReturnValue(1_000_000 + RELAY_INTERVAL_MS);
    await relay.relayOnce();
    expect(lastSince()).toBeNull();
  });

  it('after a batch that filled up, claims from where that batch started, so nothing it left behind is skipped', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(2_000_000);
    const { relay, state, lastSince } = relayOver();
    await relay.relayOnce();
    state.rows = RELAY_BATCH_SIZE;
    await relay.relayOnce();
    const since = lastSince();
    expect(since).not.toBeNull();
    await relay.relayOnce();
    expect(lastSince()).toEqual(since);
    // A full claim that filled up is followed by another full one.
    jest.spyOn(Date, 'now').mockReturnValue(2_000_000 + RELAY_INTERVAL_MS);
    await relay.relayOnce();
    expect(lastSince()).toBeNull();
    await relay.relayOnce();
    expect(lastSince()).toBeNull();
  });

  it('claims in full after the queue refused a batch, and after a claim that found nothing claims from its time', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(3_000_000);
    const { relay, state, lastSince } = relayOver();
    state.failEnqueue = true;
    await expect(relay.relayOnce()).rejects.toThrow('queue unavailable');
    state.failEnqueue = false;
    await relay.relayOnce();
    expect(lastSince()).toBeNull();
    state.rows = 0;
    await relay.relayOnce();
    expect(lastSince()).toEqual(new Date(Date.UTC(2027, 0, 1, 0, 0, 2)));
    await relay.relayOnce();
    expect(lastSince()).toEqual(new Date(Date.UTC(2027, 0, 1, 0, 0, 3)));
  });
});
