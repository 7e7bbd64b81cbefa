import { Inject, Injectable } from '@nestjs/common';
import { SLOT_MINUTES_DEFAULT } from '@hms/shared';
import { ConflictError, InvalidInputError, NotFoundError, RuleViolationError } from '../common/errors/domain-errors';
import { UnitOfWork } from '../common/events/unit-of-work';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AppointmentsRepository } from './appointments.repository';
import { AvailabilityRepository } from './availability.repository';
import { addDays, clinicInstant, clinicToday, daysBetween, minutesOfDay } from '../common/time/clinic-time';
import { AvailabilityWindowDto, toWindowDto } from './dto/scheduling.dto';
import { exclusionViolation } from '../database/pg-errors';
import { windowMinutes } from './slots';

export interface PublishWindow {
  date: string;
  startTime: string;
  endTime: string;
  slotMinutes?: number;
}

/** Longest date range a list of windows or slots may span. */
export const MAX_RANGE_DAYS = 366;

/** A doctor's availability windows: publish, list, withdraw. */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly windows: AvailabilityRepository,
    private readonly appointments: AppointmentsRepository,
    private readonly unit: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Own windows on clinic dates from..to (default today..today+horizon). */
  async list(doctorId: string, from?: string, to?: string): Promise<AvailabilityWindowDto[]> {
    const range = this.dateRange(from, to);
    return (await this.windows.listByDates(doctorId, range.from, range.to)).map(toWindowDto);
  }

  /** Resolves an optional from..to of clinic dates; defaults to today..today+horizon. */
  dateRange(from?: string, to?: string): { from: string; to: string } {
    const today = clinicToday(this.config.clinicTimezone);
    const start = from ?? today;
    const end = to ?? addDays(from ?? today, this.config.bookingHorizonDays);
    const span = daysBetween(start, end);
    if (span < 0) {
      throw new InvalidInputError('invalid_range', 'from must not be after to', [
        { field: 'to', message: 'to must not be before from' },
      ]);
    }
    if (span > MAX_RANGE_DAYS) {
      throw new InvalidInputError('range_too_long', `A range may span at most ${MAX_RANGE_DAYS} days`, [
        { field: 'to', message: `to must be within ${MAX_RANGE_DAYS} days of from` },
      ]);
    }
    return { from: start, to: end };
  }

  async publish(doctorId: string, input: PublishWindow): Promise<AvailabilityWindowDto> {
    const tz = this.config.clinicTimezone;
    const slotMinutes = input.slotMinutes ?? SLOT_MINUTES_DEFAULT;
    const today = clinicToday(tz);
    const last = addDays(today, this.config.bookingHorizonDays);
    if (input.date < today || input.date > last) {
      throw new RuleViolationError(
        'date_outside_horizon',
        `Date windows can be published for ${today} to ${last} (today plus the ${this.config.bookingHorizonDays}-day booking horizon, the days patients can book). For later weeks, set your weekly schedule; time off can be set up to a year ahead`,
        [{ field: 'date', message: `date must be between ${today} and ${last}` }],
      );
    }
    if (minutesOfDay(input.endTime) <= minutesOfDay(input.startTime)) {
      throw new RuleViolationError('window_order', 'The window must end after it starts', [
        { field: 'endTime', message: 'endTime must be later than startTime' },
      ]);
    }
    const startsAt = clinicInstant(input.date, input.startTime, tz);
    const endsAt = clinicInstant(input.date, input.endTime, tz);
    for (const [field, value, instant] of [
      ['startTime', input.startTime, startsAt],
      ['endTime', input.endTime, endsAt],
    ] as const) {
      if (!instant) {
        throw new RuleViolationError(
          'nonexistent_time',
          `${value} does not exist on ${input.date} in ${tz} (the clocks skip it)`,
          [{ field, message: `${field} falls in a daylight-saving gap` }],
        );
      }
    }
    const span = { startsAt: startsAt!, endsAt: endsAt! };
    const minutes = windowMinutes(span);
    if (minutes <= 0) {
      throw new RuleViolationError('window_order', 'The window must end after it starts', [
        { field: 'endTime', message: 'endTime must be later than startTime' },
      ]);
    }
    if (minutes % slotMinutes !== 0) {
      throw new RuleViolationError(
        'slot_does_not_divide_window',
        `The window lasts ${minutes} minutes, which ${slotMinutes}-minute slots do not divide`,
        [{ field: 'slotMinutes', message: `slotMinutes must divide the window's ${minutes} minutes` }],
      );
    }
    let created;
    try {
      created = await this.unit.run(async ({ em, record }) => {
        const row = await this.windows.insert({ doctorId, ...input, slotMinutes, ...span }, em);
        record('availability.changed', { doctorId });
        return row;
      });
    } catch (error) {
      if (exclusionViolation(error) === null) throw error;
      const clash = await this.windows.overlapping(doctorId, span.startsAt, span.endsAt);
      const named = clash.map((w) => `${w.startTime}–${w.endTime} on ${w.date}`).join(', ');
      throw new ConflictError(
        'window_overlap',
        named ? `The window overlaps your published window ${named}` : 'The window overlaps a published window',
      );
    }
    return toWindowDto(created);
  }

  /** Withdraws an own window; refused while a booked appointment lies inside it. */
  async remove(doctorId: string, id: string): Promise<void> {
    await this.unit.run(async ({ em, record }) => {
      const window = await this.windows.lockOwned(em, id, doctorId);
      if (!window) throw new NotFoundError('Availability window');
      if (await this.appointments.hasBookedWithin(em, doctorId, window.startsAt, window.endsAt)) {
        throw new ConflictError(
          'window_has_bookings',
          'A booked appointment lies inside this window; cancel it before removing the window',
        );
      }
      await this.windows.delete(em, id);
      record('availability.changed', { doctorId });
    });
  }
}
