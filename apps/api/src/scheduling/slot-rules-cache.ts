import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CACHE_KEYS } from '../common/cache/cache-keys';
import { CacheService, READY_BODY_TTL_MS } from '../common/cache/cache.service';
import { DomainEvents } from '../common/events/domain-events';
import { addDays, clinicDatesRange, clinicToday } from '../common/time/clinic-time';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { SlotInputsRepository } from './slot-inputs.repository';
import type { SlotRuleInputs } from './slot-inputs.sql';

/**
 * A doctor's standing and slot-rule inputs (weekly template, date windows,
 * time off), kept in this process's ResponseTier so that a booking checks its
 * slot without a round trip of its own. One entry holds the doctor's whole
 * bookable horizon (today .. today + BOOKING_HORIZON_DAYS): a doctor's first
 * booking of a date costs no read when another date of theirs was read
 * lately, and each date's view of it (its windows, the time off around it) is
 * derived once per entry. A date outside the horizon (a start in the past, or
 * beyond it: refused by the rules anyway) is read on its own.
 *
 * Bookings do not change these inputs; a change of the doctor's hours or
 * standing ('availability.changed', 'doctor.changed') drops them in every
 * API process before the writer answers, and a read that raced that change
 * is never kept (CacheService.readyBody). Whatever can change between this
 * check and the booking's write is decided again by the booking statement
 * and its trigger: the standing, time off, and the window a slot outside the
 * template needs (share-locked).
 */
@Injectable()
export class SlotRulesCache implements OnModuleInit {
  /** Each kept body parsed once: the tier answers the same Buffer until it drops it. */
  private readonly parsed = new WeakMap<Buffer, SlotRuleInputs>();
  /** The views of one parsed horizon entry, by clinic date. */
  private readonly views = new WeakMap<SlotRuleInputs, Map<string, SlotRuleInputs>>();

  constructor(
    private readonly inputs: SlotInputsRepository,
    private readonly cache: CacheService,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const drop = ({ doctorId }: { doctorId: string }) =>
      this.cache.invalidate(CACHE_KEYS.slotRules(doctorId).namespace);
    this.events.on('availability.changed', drop);
    this.events.on('doctor.changed', drop);
  }

  /** The rule inputs of `doctorId` on the clinic date `date` (read-only: shared by concurrent bookings). */
  async of(doctorId: string, date: string, now: Date = new Date()): Promise<SlotRuleInputs> {
    const today = clinicToday(this.config.clinicTimezone, now);
    const last = addDays(today, this.config.bookingHorizonDays);
    if (date < today || date > last) return this.read(doctorId, date, date);
    const horizon = await this.read(doctorId, today, last);
    let views = this.views.get(horizon);
    if (!views) this.views.set(horizon, (views = new Map()));
    let view = views.get(date);
    if (!view) views.set(date, (view = this.onDate(horizon, date)));
    return view;
  }

  /** The inputs of `from`..`to` from the tier, or read and kept there. */
  private async read(doctorId: string, from: string, to: string): Promise<SlotRuleInputs> {
    const body = await this.cache.readyBody(
      { id: `slot-rules:${doctorId}:${from}:${to}`, namespaces: [CACHE_KEYS.slotRules(doctorId).namespace] },
      READY_BODY_TTL_MS,
      async () => ({ body: Buffer.from(JSON.stringify(await this.inputs.ruleInputsOf(doctorId, from, to))) }),
    );
    let inputs = this.parsed.get(body);
    if (inputs === undefined) {
      inputs = JSON.parse(body.toString('utf8')) as SlotRuleInputs;
      this.parsed.set(body, inputs);
    }
    return inputs;
  }

  /** What a read of `date` alone answers: the date's own windows, the time off of the day before to the day after. */
  private onDate(horizon: SlotRuleInputs, date: string): SlotRuleInputs {
    const around = clinicDatesRange(addDays(date, -1), addDays(date, 1), this.config.clinicTimezone);
    const start = around.start.getTime();
    const end = around.end.getTime();
    return {
      active: horizon.active,
      schedule: horizon.schedule,
      windows: horizon.windows.filter((w) => w.date === date),
      timeOff: horizon.timeOff.filter((t) => t.start < end && start < t.end),
    };
  }
}
