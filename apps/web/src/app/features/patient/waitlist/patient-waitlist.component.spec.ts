import { countdown } from './patient-waitlist.component';

describe('countdown', () => {
  it('shows minutes and seconds left, never below zero', () => {
    const now = Date.parse('2026-03-02T09:00:00Z');
    expect(countdown('2026-03-02T09:29:05Z', now)).toBe('29:05');
    expect(countdown('2026-03-02T09:00:09Z', now)).toBe('0:09');
    expect(countdown('2026-03-02T08:59:00Z', now)).toBe('0:00');
  });
});
