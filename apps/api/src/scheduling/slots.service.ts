import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError, RuleViolationError } from '../common/errors/domain-errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AppointmentsRepository } from './appointments.repository';
import { AvailabilityRepository } from './availability.repository';
import { AvailabilityService } from './availability.service';
import {
  addDays,
  clinicDateOf,
  clinicDatesRange,
  clinicToday,
  daysBetween,
  isoWeekday,
} from '../common/time/clinic-time';
import { SlotDto } from './dto/scheduling.dto';
import { ParticipantsRepository } from './participants.repository';
import { readAll } from '../database/reads';
import { ScheduleRepository } from './schedule.repository';
import { SlotInputsRepository } from './slot-inputs.repository';
import type { SlotRuleInputs } from './slot-inputs.sql';
import {
  candidateSlots,
  candidateSpans,
  findPlannedSlot,
  markSlots,
  markSpans,
  type Span,
  type SpanPlan,
  type ComputedSlot,
  type Interval,
  type SlotPlan,
  type WallWindow,
} from './slots';

const MINUTE_MS = 60_000;

/** Bounded memo of instants' ISO strings: the same few hundred slot bounds are answered over and over. */
const isoStrings = new Map<number, string>();
const ISO_STRINGS_MAX = 65_536;

function isoOf(ms: number): string {
  let iso = isoStrings.get(ms);
  if (iso === undefined) {
    iso = new Date(ms).toISOString();
    if (isoStrings.size >= ISO_STRINGS_MAX) isoStrings.clear();
    isoStrings.set(ms, iso);
  }
  return iso;
}

/**
 * A doctor's slots: the weekly template's windows of each date plus that
 * date's own windows, minus time off, minus what is booked or held, within
 * the booking horizon and the minimum notice. The availability answer, the
 * booking check and the waitlist all ask here, so the rule lives in one
 * place (the arithmetic itself is in slots.ts). Always read from the
 * database, never from a cache, so a taken slot is never offered as free.
 */
@Injectable()
export class SlotsService {
  /** bookableIn's slot index of each cached inputs object, by clinic date. */
  private readonly slotIndexes = new WeakMap<
    SlotRuleInputs,
    Map<string, Map<number, { endsAt: number; needsWindow: boolean }>>
  >();

  constructor(
    private readonly windows: AvailabilityRepository,
    private readonly appointments: AppointmentsRepository,
    private readonly participants: ParticipantsRepository,
    private readonly availability: AvailabilityService,
    private readonly schedules: ScheduleRepository,
    private readonly slotInputs: SlotInputsRepository,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The doctor's slots on clinic dates from..to (default today..today+horizon), clipped to the booking horizon.
   * One statement reads everything the answer needs; the slot arithmetic is the same as every other path's.
   */
  async slotsOf(doctorId: string, from?: string, to?: string, now: Date = new Date()): Promise<SlotDto[]> {
    return (await this.markedSpans(doctorId, from, to, now)).map((s) => ({
      startsAt: isoOf(s.start),
      endsAt: isoOf(s.end),
      available: s.available,
    }));
  }

  /** slotsOf rendered as the JSON array the API answers (the same bytes JSON.stringify would give). */
  async slotsJson(doctorId: string, from?: string, to?: string, now: Date = new Date()): Promise<string> {
    const slots = await this.markedSpans(doctorId, from, to, now);
    let body = '[';
    for (let i = 0; i < slots.length; i += 1) {
      const s = slots[i];
      body += `${i === 0 ? '' : ','}{"startsAt":"${isoOf(s.start)}","endsAt":"${isoOf(s.end)}","available":${s.available}}`;
    }
    return `${body}]`;
  }

  private async markedSpans(
    doctorId: string,
    from: string | undefined,
    to: string | undefined,
    now: Date,
  ): Promise<(Span & { available: boolean })[]> {
    let range: { from: string; to: string };
    try {
      range = this.availability.dateRange(from, to);
    } catch (error) {
      // An unknown doctor answers 404 before a bad range answers 400.
      await this.assertDoctorActive(doctorId);
      throw error;
    }
    const tz = this.config.clinicTimezone;
    const today = clinicToday(tz, now);
    const first = range.from < today ? today : range.from;
    const lastBookable = addDays(today, this.config.bookingHorizonDays);
    const last = range.to > lastBookable ? lastBookable : range.to;
    if (last < first) {
      await this.assertDoctorActive(doctorId);
      return [];
    }
    const bounds = clinicDatesRange(first, last, tz);
    const inputs = await this.windows.availabilityInputs(doctorId, { from: first, to: last }, bounds);
    if (inputs.active !== true) throw new NotFoundError('Doctor');
    const schedule = inputs.schedule ?? { weekly: [], slotMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 0 };
    const plan: SpanPlan = { ...buildPlan(first, last, schedule, inputs.windows, tz), timeOff: inputs.timeOff };
    const earliest = now.getTime() + schedule.minNoticeMinutes * MINUTE_MS;
    return markSpans(candidateSpans(plan), inputs.occupied, earliest, {
      from: bounds.start.getTime(),
      to: bounds.end.getTime(),
    });
  }

  /**
   * Each doctor's first free slot start from now to the end of the booking
   * horizon (null: none, or the doctor takes no appointments), for many
   * doctors at once: one statement reads every doctor's inputs, then each
   * doctor's slots come from the same rule as `freeSlots` and booking.
   */
  async firstFreeOf(doctorIds: readonly string[], now: Date = new Date()): Promise<Map<string, Date | null>> {
    const tz = this.config.clinicTimezone;
    const first = clinicToday(tz, now);
    const last = addDays(first, this.config.bookingHorizonDays);
    const bounds = clinicDatesRange(first, last, tz);
    const rows = await this.slotInputs.ofDoctors(doctorIds, { from: first, to: last }, bounds);
    const result = new Map<string, Date | null>(doctorIds.map((id) => [id, null]));
    for (const inputs of rows) {
      if (inputs.active !== true) continue;
      const schedule = inputs.schedule ?? { weekly: [], slotMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 0 };
      const plan: SpanPlan = { ...buildPlan(first, last, schedule, inputs.windows, tz), timeOff: inputs.timeOff };
      const earliest = now.getTime() + schedule.minNoticeMinutes * MINUTE_MS;
      const spans = markSpans(candidateSpans(plan), inputs.occupied, earliest, {
        from: bounds.start.getTime(),
        to: bounds.end.getTime(),
      });
      const free = spans.find((s) => s.available);
      result.set(inputs.doctorId, free ? new Date(free.start) : null);
    }
    return result;
  }

  private async assertDoctorActive(doctorId: string): Promise<void> {
    if ((await this.participants.doctorActive(doctorId)) !== true) throw new NotFoundError('Doctor');
  }

  /** Free slots (not booked, not held) of the doctor on clinic dates from..to, within the horizon and notice. */
  async freeSlots(
    doctorId: string,
    from: string,
    to: string,
    now: Date = new Date(),
    em: EntityManager = this.dataSource.manager,
  ): Promise<Interval[]> {
    // A doctor who no longer takes appointments has no free slot to offer.
    if ((await this.participants.doctorActive(doctorId, em)) !== true) return [];
    return (await this.computed(doctorId, from, to, now, em))
      .filter((s) => s.available)
      .map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt }));
  }

  /**
   * Every slot rule for a booking of `doctorId` at `startsAt` (the doctor's
   * standing is the caller's): in the future, outside the minimum notice,
   * within the horizon, the start of a slot. Answers the slot's end. The
   * date's own windows stay share-locked until the transaction ends, so one
   * cannot be removed while a booking inside it commits.
   */
  async checkBookable(
    em: EntityManager,
    doctorId: string,
    startsAt: Date,
    now: Date = new Date(),
    options: { minNotice?: boolean } = {},
  ): Promise<Date> {
    const date = this.bookableDate(startsAt, now);
    const { plan, minNoticeMinutes } = await this.plan(doctorId, date, date, em, true);
    return slotEndOf(plan, startsAt, now, options.minNotice === false ? 0 : minNoticeMinutes);
  }

  /**
   * The doctor's standing and every slot rule for a booking at `startsAt`,
   * over inputs the caller read without locks (BookingStatement re-checks at
   * the write what can change meanwhile): 404 for no such doctor, 422 for one
   * not taking appointments, then the slot rules as checkBookable. Answers
   * the slot's end and whether the slot needs one of the date's own windows
   * (it is not on the weekly template), which the write then share-locks.
   */
  bookableIn(inputs: SlotRuleInputs, startsAt: Date, now: Date = new Date()): { endsAt: Date; needsWindow: boolean } {
    if (inputs.active === null) throw new NotFoundError('Doctor');
    if (!inputs.active) throw new RuleViolationError('doctor_inactive', 'The doctor is not taking appointments');
    const date = this.bookableDate(startsAt, now);
    const schedule = inputs.schedule ?? { weekly: [], slotMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 0 };
    const slot = this.slotIndex(inputs, date, schedule).get(startsAt.getTime());
    if (slot === undefined) {
      // Not a slot start: the rule it breaks, as slotEndOf words it.
      const plan = buildPlan(date, date, schedule, inputs.windows, this.config.clinicTimezone);
      plan.timeOff = inputs.timeOff.map((t) => ({ startsAt: new Date(t.start), endsAt: new Date(t.end) }));
      slotEndOf(plan, startsAt, now, schedule.minNoticeMinutes);
      throw new Error('A slot start missing from the slot index');
    }
    assertNotice(startsAt, now, schedule.minNoticeMinutes);
    return { endsAt: new Date(slot.endsAt), needsWindow: slot.needsWindow };
  }

  /**
   * The slots of the inputs' plan on `date` by start (epoch ms): the end (epoch ms), and
   * whether the slot is off the weekly template (a date window's own). Built
   * once per inputs object and date: the cached inputs are shared read-only
   * by every booking of the doctor on the date (SlotRulesCache).
   */
  private slotIndex(
    inputs: SlotRuleInputs,
    date: string,
    schedule: NonNullable<SlotRuleInputs['schedule']>,
  ): Map<number, { endsAt: number; needsWindow: boolean }> {
    let byDate = this.slotIndexes.get(inputs);
    if (!byDate) this.slotIndexes.set(inputs, (byDate = new Map()));
    let index = byDate.get(date);
    if (index) return index;
    const tz = this.config.clinicTimezone;
    const plan = buildPlan(date, date, schedule, inputs.windows, tz);
    plan.timeOff = inputs.timeOff.map((t) => ({ startsAt: new Date(t.start), endsAt: new Date(t.end) }));
    const onTemplate = new Set(
      candidateSlots(buildPlan(date, date, schedule, [], tz)).map((s) => s.startsAt.getTime()),
    );
    index = new Map(
      candidateSlots(plan).map((s) => [
        s.startsAt.getTime(),
        { endsAt: s.endsAt.getTime(), needsWindow: !onTemplate.has(s.startsAt.getTime()) },
      ]),
    );
    byDate.set(date, index);
    return index;
  }

  /** The clinic date of a booking's start: in the future and within the horizon. */
  private bookableDate(startsAt: Date, now: Date): string {
    if (startsAt.getTime() <= now.getTime()) {
      throw new RuleViolationError('starts_in_past', 'The appointment must start in the future', [
        { field: 'startsAt', message: 'startsAt must be in the future' },
      ]);
    }
    const tz = this.config.clinicTimezone;
    const horizon = this.config.bookingHorizonDays;
    const lastDate = addDays(clinicToday(tz, now), horizon);
    const date = clinicDateOf(startsAt, tz);
    if (date > lastDate) {
      throw new RuleViolationError(
        'beyond_horizon',
        `Appointments can be booked up to ${horizon} days ahead (until ${lastDate})`,
        [{ field: 'startsAt', message: `startsAt must be on or before ${lastDate}` }],
      );
    }
    return date;
  }

  /** The slot plan of the doctor on clinic dates from..to: template windows per date, date windows, time off. */
  async plan(
    doctorId: string,
    from: string,
    to: string,
    em: EntityManager = this.dataSource.manager,
    lockWindows = false,
  ): Promise<{ plan: SlotPlan; minNoticeMinutes: number }> {
    const tz = this.config.clinicTimezone;
    const [settings, dated, timeOff] = await readAll(em, [
      () => this.schedules.settings(doctorId, em),
      () => this.windows.listByDates(doctorId, from, to, em, lockWindows),
      () => this.schedules.timeOffByDates(doctorId, addDays(from, -1), addDays(to, 1), em),
    ] as const);
    const plan = buildPlan(from, to, settings, dated, tz);
    plan.timeOff = timeOff.map((t) => ({ startsAt: t.startsAt, endsAt: t.endsAt }));
    return { plan, minNoticeMinutes: settings.minNoticeMinutes };
  }

  /** Candidate slots of a plan on the given dates (no horizon, no notice, nothing booked subtracted). */
  async plannedSlots(
    doctorId: string,
    from: string,
    to: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<Interval[]> {
    return candidateSlots((await this.plan(doctorId, from, to, em)).plan);
  }

  private async computed(
    doctorId: string,
    from: string,
    to: string,
    now: Date,
    em: EntityManager = this.dataSource.manager,
  ): Promise<ComputedSlot[]> {
    const tz = this.config.clinicTimezone;
    const today = clinicToday(tz, now);
    const first = from < today ? today : from;
    const lastBookable = addDays(today, this.config.bookingHorizonDays);
    const last = to > lastBookable ? lastBookable : to;
    if (last < first) return [];
    const bounds = clinicDatesRange(first, last, tz);
    const [{ plan, minNoticeMinutes }, occupied] = await readAll(em, [
      () => this.plan(doctorId, first, last, em),
      () => this.appointments.occupiedOfDoctor(doctorId, bounds.start, bounds.end, em),
    ] as const);
    const earliest = new Date(now.getTime() + minNoticeMinutes * MINUTE_MS);
    return markSlots(candidateSlots(plan), occupied, earliest, { from: bounds.start, to: bounds.end });
  }
}

/** Template windows materialised on each date from..to, then the dates' own windows (time off left empty). */
function buildPlan(
  from: string,
  to: string,
  settings: {
    weekly: { weekday: number; startTime: string; endTime: string }[];
    slotMinutes: number;
    bufferMinutes: number;
  },
  dated: { date: string; startTime: string; endTime: string; slotMinutes: number }[],
  timeZone: string,
): SlotPlan {
  const windows: WallWindow[] = [];
  const days = daysBetween(from, to);
  for (let i = 0; i <= days; i += 1) {
    const date = addDays(from, i);
    const weekday = isoWeekday(date);
    for (const w of settings.weekly) {
      if (w.weekday === weekday) {
        windows.push({ date, startTime: w.startTime, endTime: w.endTime, slotMinutes: settings.slotMinutes });
      }
    }
  }
  for (const w of dated) {
    windows.push({ date: w.date, startTime: w.startTime, endTime: w.endTime, slotMinutes: w.slotMinutes });
  }
  return { windows, bufferMinutes: settings.bufferMinutes, timeOff: [], timeZone };
}

/** The end of the plan's slot starting at `startsAt`, or the rule it breaks (minimum notice included). */
function slotEndOf(plan: SlotPlan, startsAt: Date, now: Date, minNoticeMinutes: number): Date {
  const found = findPlannedSlot(plan, startsAt);
  if (found === 'outside') {
    throw new RuleViolationError('outside_availability', 'The doctor has not published availability at that time', [
      { field: 'startsAt', message: 'startsAt must lie inside a published availability window' },
    ]);
  }
  if (found === 'time_off') {
    throw new RuleViolationError('doctor_time_off', 'The doctor is away at that time', [
      { field: 'startsAt', message: 'startsAt falls in the doctor’s time off' },
    ]);
  }
  if (found === 'unaligned') {
    throw new RuleViolationError('not_slot_start', 'The time is not the start of a slot', [
      { field: 'startsAt', message: 'startsAt must be the start of one of the doctor’s slots' },
    ]);
  }
  assertNotice(startsAt, now, minNoticeMinutes);
  return found.endsAt;
}

/** The doctor's minimum notice: a start within it is refused. */
function assertNotice(startsAt: Date, now: Date, minNoticeMinutes: number): void {
  if (minNoticeMinutes > 0 && startsAt.getTime() <= now.getTime() + minNoticeMinutes * MINUTE_MS) {
    throw new RuleViolationError(
      'short_notice',
      `This doctor takes bookings at least ${minNoticeMinutes} minutes ahead`,
      [{ field: 'startsAt', message: `startsAt must be more than ${minNoticeMinutes} minutes from now` }],
    );
  }
}
