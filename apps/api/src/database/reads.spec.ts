import type { EntityManager } from 'typeorm';
import { readAll } from './reads';

/** Two reads that record when they start and end; the first finishes only when released. */
function reads() {
  const log: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const first = async () => {
    log.push('first:start');
    await held;
    log.push('first:end');
    return 1;
  };
  const second = async () => {
    log.push('second:start');
    return 'two';
  };
  return { log, release, first, second };
}

describe('readAll', () => {
  it('runs the reads one after another on a connection-bound manager (a transaction)', async () => {
    const { log, release, first, second } = reads();
    const done = readAll({ queryRunner: {} } as EntityManager, [first, second] as const);
    await Promise.resolve();
    expect(log).toEqual(['first:start']);
    release();
    expect(await done).toEqual([1, 'two']);
    expect(log).toEqual(['first:start', 'first:end', 'second:start']);
  });

  it('runs them at once on the pool', async () => {
    const { log, release, first, second } = reads();
    const done = readAll({} as EntityManager, [first, second] as const);
    await Promise.resolve();
    expect(log).toEqual(['first:start', 'second:start']);
    release();
    expect(await done).toEqual([1, 'two']);
  });
});
