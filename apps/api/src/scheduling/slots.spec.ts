import { clinicInstant } from '../common/time/clinic-time';
import {
  candidateSlots,
  computeSlots,
  findPlannedSlot,
  findSlot,
  slotsOfWallWindow,
  slotsOfWindow,
  windowMinutes,
} from './slots';

const at = (iso: string) => new Date(iso);
const window = (date: string, start: string, end: string, slotMinutes: number, tz: string) => ({
  startsAt: clinicInstant(date, start, tz)!,
  endsAt: clinicInstant(date, end, tz)!,
  slotMinutes,
});

describe('slot computation', () => {
  const day = { from: at('2026-05-04T00:00:00Z'), to: at('2026-05-05T00:00:00Z') };
  const before = at('2026-05-01T00:00:00Z');

  it('cuts a window into slots of slotMinutes', () => {
    const slots = slotsOfWindow({
      startsAt: at('2026-05-04T09:00:00Z'),
      endsAt: at('2026-05-04T10:00:00Z'),
      slotMinutes: 20,
    });
    expect(slots.map((s) => s.startsAt.toISOString())).toEqual([
      '2026-05-04T09:00:00.000Z',
      '2026-05-04T09:20:00.000Z',
      '2026-05-04T09:40:00.000Z',
    ]);
    expect(slots[2].endsAt.toISOString()).toBe('2026-05-04T10:00:00.000Z');
  });

  it('marks a slot overlapped by a booked appointment unavailable, and only that slot', () => {
    const w = { startsAt: at('2026-05-04T09:00:00Z'), endsAt: at('2026-05-04T11:00:00Z'), slotMinutes: 30 };
    const booked = [{ startsAt: at('2026-05-04T09:30:00Z'), endsAt: at('2026-05-04T10:00:00Z') }];
    expect(computeSlots([w], booked, before, day).map((s) => s.available)).toEqual([true, false, true, true]);
  });

  it('marks every slot an unaligned or longer appointment touches, in any input order', () => {
    const w = { startsAt: at('2026-05-04T09:00:00Z'), endsAt: at('2026-05-04T11:00:00Z'), slotMinutes: 30 };
    const booked = [
      { startsAt: at('2026-05-04T10:50:00Z'), endsAt: at('2026-05-04T11:05:00Z') },
      { startsAt: at('2026-05-04T08:00:00Z'), endsAt: at('2026-05-04T09:45:00Z') },
    ];
    expect(computeSlots([w], booked, before, day).map((s) => s.available)).toEqual([false, false, true, false]);
  });

  it('omits slots that already started and keeps the one starting later', () => {
    const w = { startsAt: at('2026-05-04T09:00:00Z'), endsAt: at('2026-05-04T10:30:00Z'), slotMinutes: 30 };
    const now = at('2026-05-04T09:30:00Z');
    expect(computeSlots([w], [], now, day).map((s) => s.startsAt.toISOString())).toEqual(['2026-05-04T10:00:00.000Z']);
    const midSlot = at('2026-05-04T09:10:00Z');
    expect(computeSlots([w], [], midSlot, day)).toHaveLength(2);
  });

  it('sorts slots of several windows and keeps only those inside the range', () => {
    const w1 = { startsAt: at('2026-05-04T14:00:00Z'), endsAt: at('2026-05-04T15:00:00Z'), slotMinutes: 60 };
    const w2 = { startsAt: at('2026-05-04T08:00:00Z'), endsAt: at('2026-05-04T09:00:00Z'), slotMinutes: 60 };
    const w3 = { startsAt: at('2026-05-05T08:00:00Z'), endsAt: at('2026-05-05T09:00:00Z'), slotMinutes: 60 };
    expect(computeSlots([w1, w2, w3], [], before, day).map((s) => s.startsAt.getUTCHours())).toEqual([8, 14]);
  });

  describe('daylight-saving days', () => {
    it('gives a Berlin window across the spring-forward gap its real 2 hours (01:00-04:00)', () => {
      const w = window('2026-03-29', '01:00', '04:00', 30, 'Europe/Berlin');
      expect(windowMinutes(w)).toBe(120);
      const slots = slotsOfWindow(w);
      expect(slots).toHaveLength(4);
      expect(slots.map((s) => s.startsAt.toISOString())).toEqual([
        '2026-03-29T00:00:00.000Z',
        '2026-03-29T00:30:00.000Z',
        '2026-03-29T01:00:00.000Z',
        '2026-03-29T01:30:00.000Z',
      ]);
    });

    it('gives a New York window across the fall-back hour its real 4 hours (00:00-03:00)', () => {
      const w = window('2026-11-01', '00:00', '03:00', 60, 'America/New_York');
      expect(windowMinutes(w)).toBe(240);
      expect(slotsOfWindow(w)).toHaveLength(4);
    });

    it('keeps ordinary days at their wall-clock length', () => {
      expect(windowMinutes(window('2026-03-30', '09:00', '12:00', 30, 'Europe/Berlin'))).toBe(180);
      expect(windowMinutes(window('2026-03-07', '09:00', '12:00', 30, 'America/New_York'))).toBe(180);
    });
  });

  describe('findSlot', () => {
    const w = { startsAt: at('2026-05-04T09:00:00Z'), endsAt: at('2026-05-04T10:00:00Z'), slotMinutes: 20 };

    it('finds the slot starting at the instant, with its end', () => {
      const found = findSlot([w], at('2026-05-04T09:40:00Z'));
      expect(found).toEqual({
        window: w,
        slot: { startsAt: at('2026-05-04T09:40:00Z'), endsAt: at('2026-05-04T10:00:00Z') },
      });
    });

    it('tells outside from unaligned', () => {
      expect(findSlot([w], at('2026-05-04T10:00:00Z'))).toBe('outside');
      expect(findSlot([w], at('2026-05-04T08:59:00Z'))).toBe('outside');
      expect(findSlot([w], at('2026-05-04T09:10:00Z'))).toBe('unaligned');
    });
  });
});

describe('the slot plan: template and date windows, buffers, time off', () => {
  const TZ = 'UTC';
  const iso = (slots: { startsAt: Date }[]) => slots.map((s) => s.startsAt.toISOString().slice(11, 16));

  it('steps by slot plus buffer and keeps only slots that end inside the window', () => {
    const slots = slotsOfWallWindow(
      { date: '2026-05-04', startTime: '09:00', endTime: '10:00', slotMinutes: 20 },
      5,
      TZ,
    );
    expect(iso(slots)).toEqual(['09:00', '09:25']);
    expect(slots[1].endsAt.toISOString()).toBe('2026-05-04T09:45:00.000Z');
  });

  it('adds a date window to the template without doubling overlapping slots, and removes what time off touches', () => {
    const plan = {
      windows: [
        { date: '2026-05-04', startTime: '09:00', endTime: '10:00', slotMinutes: 30 },
        { date: '2026-05-04', startTime: '09:30', endTime: '11:00', slotMinutes: 30 },
      ],
      bufferMinutes: 0,
      timeOff: [{ startsAt: new Date('2026-05-04T10:15:00Z'), endsAt: new Date('2026-05-04T10:20:00Z') }],
      timeZone: TZ,
    };
    expect(iso(candidateSlots(plan))).toEqual(['09:00', '09:30', '10:30']);
    expect(findPlannedSlot(plan, new Date('2026-05-04T10:00:00Z'))).toBe('time_off');
    expect(findPlannedSlot(plan, new Date('2026-05-04T09:10:00Z'))).toBe('unaligned');
    expect(findPlannedSlot(plan, new Date('2026-05-04T12:00:00Z'))).toBe('outside');
    expect(findPlannedSlot(plan, new Date('2026-05-04T10:30:00Z'))).toMatchObject({
      endsAt: new Date('2026-05-04T11:00:00Z'),
    });
  });

  it('keeps 09:00 local on the spring-forward day and skips the start the clocks jump over', () => {
    const berlin = slotsOfWallWindow(
      { date: '2026-03-29', startTime: '01:30', endTime: '04:00', slotMinutes: 30 },
      0,
      'Europe/Berlin',
    );
    // 02:00 and 02:30 do not exist that night.
    expect(berlin.map((s) => s.startsAt.toISOString())).toEqual([
      '2026-03-29T00:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T01:30:00.000Z',
    ]);
    const morning = slotsOfWallWindow(
      { date: '2026-03-29', startTime: '09:00', endTime: '10:00', slotMinutes: 60 },
      0,
      'Europe/Berlin',
    );
    expect(morning[0].startsAt.toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });
});
