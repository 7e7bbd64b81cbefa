import { PROBLEM_CODES } from '@hms/shared';
import { problemMessage } from './problem';
import { messageForCode, PROBLEM_MESSAGES } from './problem-messages';

describe('problem messages', () => {
  it('has an entry for every code the API sends', () => {
    expect(Object.keys(PROBLEM_MESSAGES).sort()).toEqual([...PROBLEM_CODES].sort());
  });

  it('tells each 409 apart', () => {
    const conflict = (code: string) =>
      problemMessage({ type: 'about:blank', title: 'Conflict', status: 409, code, detail: 'Conflict' });
    expect(conflict('patient_overlap')).toBe(
      'You already have a visit at that time. Pick another time or move that visit.',
    );
    expect(conflict('slot_taken')).toContain('taken by someone else');
    expect(conflict('email_taken')).toBe('An account with this email already exists.');
    const conflicts = PROBLEM_CODES.slice(PROBLEM_CODES.indexOf('slot_taken'), PROBLEM_CODES.indexOf('export_expired'));
    expect(new Set(conflicts.map(conflict)).size).toBeGreaterThan(conflicts.length - 6);
  });

  it("keeps the server's detail where it says more, and for codes it does not know", () => {
    const detail = 'You reached 10 exports a day; try again in 3 hours';
    expect(problemMessage({ type: 'x', title: 'Too Many', status: 429, code: 'too_many_requests', detail })).toBe(
      detail,
    );
    expect(problemMessage({ type: 'x', title: 'Conflict', status: 409, code: 'brand_new', detail: 'New' })).toBe('New');
    expect(messageForCode({})).toBeNull();
  });
});
