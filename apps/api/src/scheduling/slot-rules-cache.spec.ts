import { CacheService } from '../common/cache/cache.service';
import { mapCache } from '../../../../test/support/map-cache';
import { DomainEvents } from '../common/events/domain-events';
import type { AppConfig } from '../config/app-config';
import type { SlotInputsRepository } from './slot-inputs.repository';
import type { SlotRuleInputs } from './slot-inputs.sql';
import { SlotRulesCache } from './slot-rules-cache';
import { stateFact, unitOver } from '../../../../test/support/unit-of-work';

const hours = (date: string, startTime = '09:00', endTime = '12:00') => ({ date, startTime, endTime, slotMinutes: 30 });
const instant = (iso: string) => Date.parse(iso);

describe('SlotRulesCache', () => {
  const now = new Date('2027-03-01T08:00:00Z');
  let reads: { doctorId: string; from: string; to: string }[];
  let rules: SlotRulesCache;
  let events: DomainEvents;

  beforeEach(() => {
    reads = [];
    const inputs = {
      ruleInputsOf: async (doctorId: string, from: string, to: string): Promise<SlotRuleInputs> => {
        reads.push({ doctorId, from, to });
        return {
          active: true,
          schedule: { weekly: [], slotMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 0 },
          windows: [hours('2027-03-02'), hours('2027-03-03'), hours('2027-03-05')].filter(
            (w) => w.date >= from && w.date <= to,
          ),
          timeOff: [
            { start: instant('2027-03-01T13:00:00Z'), end: instant('2027-03-01T14:00:00Z') },
            { start: instant('2027-03-05T09:00:00Z'), end: instant('2027-03-05T10:00:00Z') },
          ],
        };
      },
    } as unknown as SlotInputsRepository;
    events = new DomainEvents();
    const config = { clinicTimezone: 'UTC', bookingHorizonDays: 7 } as AppConfig;
    rules = new SlotRulesCache(inputs, new CacheService(mapCache()), events, config);
    rules.onModuleInit();
  });

  it("reads a doctor's whole bookable horizon once, and answers each date with that date's windows", async () => {
    const tuesday = await rules.of('d1', '2027-03-02', now);
    const friday = await rules.of('d1', '2027-03-05', now);
    expect(reads).toEqual([{ doctorId: 'd1', from: '2027-03-01', to: '2027-03-08' }]);
    expect(tuesday.windows).toEqual([hours('2027-03-02')]);
    expect(friday.windows).toEqual([hours('2027-03-05')]);
    // Time off of the day before to the day after, as a read of the date alone answers it.
    expect(tuesday.timeOff).toEqual([{ start: instant('2027-03-01T13:00:00Z'), end: instant('2027-03-01T14:00:00Z') }]);
    expect(friday.timeOff).toEqual([{ start: instant('2027-03-05T09:00:00Z'), end: instant('2027-03-05T10:00:00Z') }]);
    expect(await rules.of('d1', '2027-03-02', now)).toBe(tuesday);
    await rules.of('d2', '2027-03-02', now);
    expect(reads).toHaveLength(2);
  });

  it('reads a date outside the horizon on its own', async () => {
    await rules.of('d1', '2027-03-20', now);
    await rules.of('d1', '2027-02-28', now);
    expect(reads).toEqual([
      { doctorId: 'd1', from: '2027-03-20', to: '2027-03-20' },
      { doctorId: 'd1', from: '2027-02-28', to: '2027-02-28' },
    ]);
  });

  it("reads again after a change of the doctor's hours", async () => {
    await rules.of('d1', '2027-03-02', now);
    await stateFact(unitOver(events), 'availability.changed', { doctorId: 'd1' });
    await rules.of('d1', '2027-03-03', now);
    expect(reads).toHaveLength(2);
  });
});
