import { exceedsDepth, findNul } from './input-guards';

describe('exceedsDepth', () => {
  const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);

  it('allows 32 levels and refuses 33', () => {
    expect(exceedsDepth(nested(32))).toBe(false);
    expect(exceedsDepth(nested(33))).toBe(true);
    expect(exceedsDepth(nested(5000))).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(exceedsDepth(JSON.stringify({ a: '['.repeat(100), b: '\\"{{{{' + '{'.repeat(100) }))).toBe(false);
  });
});

describe('findNul', () => {
  it('names the field of the first NUL, nested and in arrays', () => {
    expect(findNul({ a: 'ok', b: { c: [1, 'x', 'y\u0000'] } })).toBe('b.c[2]');
    expect(findNul({ a: 'ok' })).toBeNull();
    expect(findNul('\u0000')).toBe('body');
    expect(findNul({ ['k\u0000']: 1 })).toBe('k\\u0000');
  });
});
