import { ResponseTier } from './response-tier';

describe('ResponseTier', () => {
  let now = 1_000;
  const clock = () => now;
  const body = (text: string) => Buffer.from(text);

  beforeEach(() => {
    now = 1_000;
  });

  it('serves a stored body until its namespace is invalidated', () => {
    const tier = new ResponseTier(true, 10, clock);
    expect(tier.store(tier.begin('list', ['doctors']), body('a'), now + 1_000)).toBe(true);
    expect(tier.get('list')?.toString()).toBe('a');
    tier.invalidate(['doctors']);
    expect(tier.get('list')).toBeUndefined();
  });

  it('keeps nothing built while one of its namespaces was invalidated, including one watched midway', () => {
    const tier = new ResponseTier(true, 10, clock);
    const first = tier.begin('list', ['doctors']);
    tier.invalidate(['doctors']);
    expect(tier.store(first, body('stale'), now + 1_000)).toBe(false);

    const second = tier.begin('page', ['doctors']);
    tier.watch(second, ['next-free:1']);
    tier.invalidate(['next-free:1']);
    expect(tier.store(second, body('stale'), now + 1_000)).toBe(false);
    expect(tier.get('page')).toBeUndefined();

    // A namespace the build never depended on does not matter.
    const third = tier.begin('page', ['doctors']);
    tier.invalidate(['specializations']);
    expect(tier.store(third, body('fresh'), now + 1_000)).toBe(true);
  });

  it('drops bodies at their expiry', () => {
    const tier = new ResponseTier(true, 10, clock);
    tier.store(tier.begin('x', ['n']), body('x'), now + 100);
    now += 100;
    expect(tier.get('x')).toBeUndefined();
  });

  it('while disabled serves and stores nothing; enabling starts empty and voids builds begun before', () => {
    const tier = new ResponseTier(true, 10, clock);
    tier.store(tier.begin('x', ['n']), body('x'), now + 1_000);
    const straddling = tier.begin('y', ['n']);
    tier.setEnabled(false);
    expect(tier.get('x')).toBeUndefined();
    expect(tier.store(tier.begin('z', ['n']), body('z'), now + 1_000)).toBe(false);
    tier.setEnabled(true);
    expect(tier.size).toBe(0);
    expect(tier.store(straddling, body('y'), now + 1_000)).toBe(false);
  });

  it('holds at most its bound, dropping the oldest', () => {
    const tier = new ResponseTier(true, 2, clock);
    for (const key of ['a', 'b', 'c']) tier.store(tier.begin(key, ['n']), body(key), now + 1_000);
    expect(tier.get('a')).toBeUndefined();
    expect(tier.get('c')?.toString()).toBe('c');
    expect(tier.size).toBe(2);
  });

  it('holds at most its bytes, dropping the oldest, and keeps no body larger than all of them', () => {
    const tier = new ResponseTier(true, 100, clock, 10);
    const sized = (n: number, fill: string) => Buffer.from(fill.repeat(n));
    tier.store(tier.begin('a', ['n']), sized(4, 'a'), now + 1_000);
    tier.store(tier.begin('b', ['n']), sized(4, 'b'), now + 1_000);
    expect(tier.byteSize).toBe(8);
    tier.store(tier.begin('c', ['n']), sized(4, 'c'), now + 1_000);
    expect(tier.get('a')).toBeUndefined();
    expect([tier.get('b')?.toString(), tier.get('c')?.toString()]).toEqual(['bbbb', 'cccc']);
    expect(tier.byteSize).toBe(8);
    expect(tier.store(tier.begin('d', ['n']), sized(11, 'd'), now + 1_000)).toBe(false);
    expect(tier.size).toBe(2);
    tier.invalidate(['n']);
    expect([tier.size, tier.byteSize]).toEqual([0, 0]);
  });

  it('asks once for a rebuild of a body read in the last quarter of its life, and again for its successor', () => {
    const tier = new ResponseTier(true, 10, clock);
    tier.store(tier.begin('x', ['n']), body('x'), now + 1_000);
    now += 749;
    expect(tier.takeRefresh('x')).toBe(false);
    now += 1;
    expect(tier.takeRefresh('x')).toBe(true);
    expect(tier.takeRefresh('x')).toBe(false);
    // Still served until it expires.
    expect(tier.get('x')?.toString()).toBe('x');
    tier.store(tier.begin('x', ['n']), body('x2'), now + 1_000);
    expect(tier.takeRefresh('x')).toBe(false);
    now += 750;
    expect(tier.takeRefresh('x')).toBe(true);
    expect(tier.takeRefresh('absent')).toBe(false);
  });
});
