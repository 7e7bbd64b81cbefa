import { Inject, Injectable } from '@nestjs/common';
import { WEEKDAY_NAMES } from '@hms/shared';
import { ConflictError, InvalidInputError, NotFoundError, RuleViolationError } from '../common/errors/domain-errors';
import { UnitOfWork } from '../common/events/unit-of-work';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import {
  addDays,
  clinicInstant,
  clinicToday,
  daysBetween,
  minutesOfDay,
  startOfClinicDay,
} from '../common/time/clinic-time';
import { AppointmentLifecycleService } from './appointment-lifecycle.service';
import { AppointmentsRepository } from './appointments.repository';
import { ScheduleDto, TimeOffDto, toTimeOffDto } from './dto/schedule.dto';
import { toAppointmentDto } from './dto/appointment.dto';
import type { WeeklyWindow } from './entities/doctor-schedule.entity';
import { ParticipantsRepository } from './participants.repository';
import { exclusionViolation } from '../database/pg-errors';
import { ScheduleRepository } from './schedule.repository';

/** How far ahead templates' effects and time off may be planned (the patients' horizon is shorter). */
export const PLANNING_DAYS = 366;

export interface ScheduleInput {
  weekly: WeeklyWindow[];
  slotMinutes: number;
  bufferMinutes?: number;
  minNoticeMinutes?: number;
}

export interface TimeOffInput {
  date: string;
  startTime?: string;
  endTime?: string;
  reason?: string;
  cancelBooked?: boolean;
}

/** A doctor's weekly template and time off. */
@Injectable()
export class ScheduleService {
  constructor(
    private readonly unit: UnitOfWork,
    private readonly schedules: ScheduleRepository,
    private readonly appointments: AppointmentsRepository,
    private readonly participants: ParticipantsRepository,
    private readonly lifecycle: AppointmentLifecycleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(doctorId: string): Promise<ScheduleDto> {
    const s = await this.schedules.settings(doctorId);
    return {
      weekly: [...s.weekly].sort((a, b) => a.weekday - b.weekday || a.startTime.localeCompare(b.startTime)),
      slotMinutes: s.slotMinutes,
      bufferMinutes: s.bufferMinutes,
      minNoticeMinutes: s.minNoticeMinutes,
      bookingHorizonDays: this.config.bookingHorizonDays,
      updatedAt: s.updatedAt ? s.updatedAt.toISOString() : null,
    };
  }

  /**
   * Replaces the recurring week. Existing appointments are never touched: a
   * booking outside the new template simply stays booked.
   */
  async put(doctorId: string, input: ScheduleInput): Promise<ScheduleDto> {
    const weekly = input.weekly.map((w) => ({ weekday: w.weekday, startTime: w.startTime, endTime: w.endTime }));
    weekly.forEach((w, i) => {
      const length = minutesOfDay(w.endTime) - minutesOfDay(w.startTime);
      if (length <= 0) {
        throw new RuleViolationError('window_order', 'Each window must end after it starts', [
          { field: `weekly[${i}].endTime`, message: 'endTime must be later than startTime' },
        ]);
      }
      if (length < input.slotMinutes) {
        throw new RuleViolationError(
          'window_shorter_than_slot',
          `The ${WEEKDAY_NAMES[w.weekday - 1]} window ${w.startTime}–${w.endTime} is shorter than one ${input.slotMinutes}-minute slot`,
          [{ field: `weekly[${i}]`, message: `the window must last at least ${input.slotMinutes} minutes` }],
        );
      }
    });
    const sorted = [...weekly].sort((a, b) => a.weekday - b.weekday || a.startTime.localeCompare(b.startTime));
    for (let i = 1; i < sorted.length; i += 1) {
      const [a, b] = [sorted[i - 1], sorted[i]];
      if (a.weekday === b.weekday && b.startTime < a.endTime) {
        throw new RuleViolationError(
          'template_overlap',
          `On ${WEEKDAY_NAMES[a.weekday - 1]} the windows ${a.startTime}–${a.endTime} and ${b.startTime}–${b.endTime} overlap`,
          [{ field: 'weekly', message: 'windows of one weekday must not overlap' }],
        );
      }
    }
    if ((await this.participants.doctorActive(doctorId)) === null) throw new NotFoundError('Doctor');
    const settings = {
      weekly: sorted,
      slotMinutes: input.slotMinutes,
      bufferMinutes: input.bufferMinutes ?? 0,
      minNoticeMinutes: input.minNoticeMinutes ?? 0,
    };
    await this.unit.run(async ({ em, record }) => {
      await this.schedules.save(doctorId, settings, em);
      record('availability.changed', { doctorId });
    });
    return this.get(doctorId);
  }

  /** Own time off on clinic dates from..to (default today to a year ahead). */
  async listTimeOff(doctorId: string, from?: string, to?: string): Promise<TimeOffDto[]> {
    const start = from ?? clinicToday(this.config.clinicTimezone);
    const end = to ?? addDays(start, PLANNING_DAYS);
    const span = daysBetween(start, end);
    if (span < 0 || span > PLANNING_DAYS) {
      throw new InvalidInputError('invalid_range', `from..to must be in order and span at most ${PLANNING_DAYS} days`, [
        { field: 'to', message: `to must be within ${PLANNING_DAYS} days after from` },
      ]);
    }
    return (await this.schedules.timeOffByDates(doctorId, start, end)).map((t) => toTimeOffDto(t));
  }

  /**
   * Blocks a whole day or part of one. Booked visits inside refuse it (409
   * listing them) unless `cancelBooked`, which cancels them in the same
   * transaction (patients told, the reason passed on).
   */
  async addTimeOff(doctorId: string, input: TimeOffInput): Promise<TimeOffDto> {
    const tz = this.config.clinicTimezone;
    const today = clinicToday(tz);
    const last = addDays(today, PLANNING_DAYS);
    if (input.date < today || input.date > last) {
      throw new RuleViolationError(
        'date_outside_planning',
        `Time off can be set from today (${today}) up to a year ahead (${last})`,
        [{ field: 'date', message: `date must be between ${today} and ${last}` }],
      );
    }
    if ((input.startTime === undefined) !== (input.endTime === undefined)) {
      throw new InvalidInputError('time_off_times', 'Give both startTime and endTime, or neither for the whole day', [
        {
          field: input.startTime === undefined ? 'startTime' : 'endTime',
          message: 'startTime and endTime go together',
        },
      ]);
    }
    let startsAt: Date;
    let endsAt: Date;
    if (input.startTime !== undefined && input.endTime !== undefined) {
      if (minutesOfDay(input.endTime) <= minutesOfDay(input.startTime)) {
        throw new RuleViolationError('window_order', 'The time off must end after it starts', [
          { field: 'endTime', message: 'endTime must be later than startTime' },
        ]);
      }
      // A time the clocks skip stands for the moment the clocks jump to.
      startsAt = clinicInstant(input.date, input.startTime, tz) ?? nextExisting(input.date, input.startTime, tz);
      endsAt = clinicInstant(input.date, input.endTime, tz) ?? nextExisting(input.date, input.endTime, tz);
    } else {
      startsAt = startOfClinicDay(input.date, tz);
      endsAt = startOfClinicDay(addDays(input.date, 1), tz);
    }
    const reason = input.reason?.trim() ?? '';
    try {
      return await this.unit.run(async ({ em, record }) => {
        // The doctor's row first, as every booking takes it: no booking slips in between the check and the insert.
        if ((await this.participants.doctorActive(doctorId, em, true)) === null) throw new NotFoundError('Doctor');
        const inside = await this.appointments.lockOccupyingWithin(em, doctorId, startsAt, endsAt);
        if (inside.length > 0 && input.cancelBooked !== true) {
          const list = inside.map(toAppointmentDto);
          throw new ConflictError(
            'time_off_has_bookings',
            `${inside.length} booked appointment(s) fall in this time off; cancel them first or send cancelBooked: true`,
          ).with({ appointments: list });
        }
        const checkedIn = inside.find((a) => a.status !== 'booked');
        if (checkedIn) {
          throw new ConflictError(
            'time_off_has_checked_in',
            'A patient is already checked in during this time off; complete or mark that visit first',
          ).with({ appointments: [toAppointmentDto(checkedIn)] });
        }
        const created = await this.schedules.insertTimeOff(em, {
          doctorId,
          date: input.date,
          startTime: input.startTime ?? null,
          endTime: input.endTime ?? null,
          startsAt,
          endsAt,
          reason,
        });
        for (const a of inside) {
          await this.lifecycle.cancelWithin(em, a, 'doctor', reason || 'The doctor is not available then');
        }
        record('availability.changed', { doctorId });
        const cancelled = [];
        for (const a of inside) {
          const reloaded = await this.appointments.findInScope(a.id, { all: true }, em);
          if (reloaded) cancelled.push(toAppointmentDto(reloaded));
        }
        return toTimeOffDto(created, input.cancelBooked ? cancelled : undefined);
      });
    } catch (error) {
      if (exclusionViolation(error) === null) throw error;
      throw new ConflictError('time_off_overlap', 'This time off overlaps time off you already set');
    }
  }

  async removeTimeOff(doctorId: string, id: string): Promise<void> {
    await this.unit.run(async ({ em, record }) => {
      const t = await this.schedules.lockTimeOff(em, id, doctorId);
      if (!t) throw new NotFoundError('Time off');
      await this.schedules.deleteTimeOff(em, id);
      record('availability.changed', { doctorId });
    });
  }
}

/** The first existing instant at or after a wall-clock time the clocks skip. */
function nextExisting(date: string, time: string, tz: string): Date {
  let m = minutesOfDay(time);
  for (let i = 0; i < 180; i += 1) {
    m += 1;
    const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const t = m < 24 * 60 ? clinicInstant(date, hhmm, tz) : startOfClinicDay(addDays(date, 1), tz);
    if (t) return t;
  }
  return startOfClinicDay(addDays(date, 1), tz);
}
