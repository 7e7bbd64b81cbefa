import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROBLEM_CODES } from '@hms/shared';

/**
 * The shared list of problem codes (libs/shared/src/problem-codes.ts) is the
 * contract the web app switches on: every code the API sends is on it (the
 * types enforce that for domain errors and problem documents; this also
 * catches a code written where no type looks), and every code on it is sent
 * somewhere, so the list carries no dead entries.
 */
const root = join(__dirname, '../..');
const sources = (readdirSync(root, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.includes('migrations'))
  .map((f) => readFileSync(join(root, f), 'utf8'));
const all = sources.join('\n');

describe('problem codes', () => {
  it('lists each code once', () => {
    expect(new Set(PROBLEM_CODES).size).toBe(PROBLEM_CODES.length);
  });

  it('lists every code a domain error or problem document of the API carries', () => {
    const sent = new Set<string>();
    const thrown =
      /new (?:Conflict|RuleViolation|InvalidInput|Unauthenticated|Forbidden|TooManyRequests|ServiceUnavailable)Error\(\s*'([a-z_]+)'/g;
    for (const m of all.matchAll(thrown)) sent.add(m[1]);
    const patterns = [/\bcode: '([a-z_]+)'/g, /'([a-z_]+_not_found)'/g];
    // FHIR codings ({ system, code, display }) are not problem codes.
    const lines = all.split('\n').filter((line) => !/\b(system|display):/.test(line));
    for (const line of lines)
      for (const pattern of patterns) for (const m of line.matchAll(pattern)) if (m[1]) sent.add(m[1]);
    expect(sent.size).toBeGreaterThan(50);
    const listed = new Set<string>(PROBLEM_CODES);
    expect([...sent].filter((code) => !listed.has(code))).toEqual([]);
  });

  it('lists no code the API never sends', () => {
    expect(PROBLEM_CODES.filter((code) => !all.includes(`'${code}'`))).toEqual([]);
  });
});
