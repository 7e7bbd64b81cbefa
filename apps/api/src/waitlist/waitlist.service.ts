import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError, InvalidInputError, NotFoundError, RuleViolationError } from '../common/errors/domain-errors';
import { DomainEvents } from '../common/events/domain-events';
import { UnitOfWork } from '../common/events/unit-of-work';
import { addDays, clinicDateOf, clinicToday, daysBetween } from '../common/time/clinic-time';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobQueue } from '../jobs/job-queue';
import { runsWorkers } from '../jobs/roles';
import { BookingService } from '../scheduling/booking.service';
import { AppointmentDto } from '../scheduling/dto/appointment.dto';
import { exclusionViolation, isUniqueViolation } from '../database/pg-errors';
import { SlotsService } from '../scheduling/slots.service';
import { WaitlistEntryDto, WaitlistOfferDto } from './waitlist.dto';
import { WaitlistRepository, type EntryRow, type OfferRow } from './waitlist.repository';

export const WAITLIST_SWEEP_JOB = 'waitlist-sweep';
const MINUTE_MS = 60_000;
const SWEEP_BATCH = 500;

export interface JoinWaitlist {
  doctorId: string;
  from: string;
  to: string;
}

/**
 * The waitlist: when a slot inside a waiting entry's range becomes free, the
 * longest-waiting entry gets it held as an offer for WAITLIST_HOLD_MINUTES
 * and an email (through the outbox). The hold is enforced by the database
 * (see the waitlist_offers constraints and triggers): nobody else can book
 * the slot meanwhile. Accept books exactly once; decline or expiry passes the
 * slot to the next entry, else frees it.
 */
@Injectable()
export class WaitlistService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(WaitlistService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: WaitlistRepository,
    private readonly slots: SlotsService,
    private readonly booking: BookingService,
    private readonly unit: UnitOfWork,
    private readonly events: DomainEvents,
    private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // Every way a slot becomes free: a cancellation, a reschedule away, new or changed availability.
    this.events.on('appointment.cancelled', ({ doctorId }) => this.fillQuietly(doctorId));
    this.events.on('appointment.rescheduled', ({ doctorId }) => this.fillQuietly(doctorId));
    this.events.on('availability.changed', ({ doctorId }) => this.revalidateQuietly(doctorId));
  }

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config)) return;
    this.queue.process<{ at: string }, { expired: number; offers: number }>('mail', WAITLIST_SWEEP_JOB, async (job) =>
      this.sweep(new Date(Math.max(Date.now(), Date.parse(job.data.at)))),
    );
  }

  /** Enqueues one sweep for the minute of `now` (every scheduler firing that minute yields the same job). */
  async enqueueSweep(now: Date = new Date()): Promise<void> {
    const minute = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS).toISOString();
    await this.queue.enqueue('mail', WAITLIST_SWEEP_JOB, { at: minute }, { jobId: `${WAITLIST_SWEEP_JOB}:${minute}` });
  }

  async join(patientId: string, input: JoinWaitlist, now: Date = new Date()): Promise<WaitlistEntryDto> {
    const tz = this.config.clinicTimezone;
    const today = clinicToday(tz, now);
    const last = addDays(today, this.config.bookingHorizonDays);
    if (daysBetween(input.from, input.to) < 0) {
      throw new InvalidInputError('invalid_range', 'from must not be after to', [
        { field: 'to', message: 'to must not be before from' },
      ]);
    }
    if (input.from < today || input.to > last) {
      throw new RuleViolationError(
        'outside_horizon',
        `The waitlist covers the dates patients can book: ${today} to ${last}`,
        [{ field: input.from < today ? 'from' : 'to', message: `dates must lie between ${today} and ${last}` }],
      );
    }
    // Also answers 404 for an unknown or inactive doctor.
    const open = (await this.slots.slotsOf(input.doctorId, input.from, input.to, now)).filter((s) => s.available);
    if (open.length > 0) {
      throw new ConflictError(
        'slots_available',
        `${open.length} time(s) with this doctor are free in that range; book one instead of waiting`,
      );
    }
    let id: string;
    try {
      id = await this.repository.insertEntry({
        patientId,
        doctorId: input.doctorId,
        fromDate: input.from,
        toDate: input.to,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError('already_waiting', 'You are already on this doctor’s waitlist');
      }
      throw error;
    }
    const [row] = await this.repository.entriesOf(patientId, id);
    return toEntryDto(row);
  }

  async list(patientId: string): Promise<WaitlistEntryDto[]> {
    return (await this.repository.entriesOf(patientId)).map(toEntryDto);
  }

  /** Leaves the waitlist; an open offer of the entry is withdrawn and passed on. */
  async leave(patientId: string, entryId: string): Promise<void> {
    const doctorId = await this.dataSource.transaction(async (em) => {
      const entry = await this.repository.lockEntry(em, entryId, patientId);
      if (!entry) throw new NotFoundError('Waitlist entry');
      if (entry.status !== 'waiting' && entry.status !== 'offered') return null;
      const offer = await this.repository.lockOpenOfferOfEntry(em, entry.id);
      if (offer) await this.repository.resolveOffer(em, offer.id, 'withdrawn');
      await this.repository.setEntryStatus(em, entry.id, 'cancelled');
      return offer ? entry.doctorId : null;
    });
    if (doctorId) await this.fillQuietly(doctorId);
  }

  async offers(patientId: string, now: Date = new Date()): Promise<WaitlistOfferDto[]> {
    return (await this.repository.openOffersOf(patientId, now)).map(toOfferDto);
  }

  /** Books the held slot. Under any concurrency an offer books once; a second accept gets 409. */
  async accept(patientId: string, offerId: string, now: Date = new Date()): Promise<AppointmentDto> {
    return this.unit.run(async ({ em, record }) => {
      const offer = await this.repository.lockOffer(em, offerId, patientId);
      if (!offer) throw new NotFoundError('Offer');
      this.assertOpen(offer.status, offer.expiresAt, now);
      // Closing the offer first releases the hold for this very booking.
      await this.repository.resolveOffer(em, offer.id, 'accepted');
      const appointment = await this.booking.bookWithin(em, patientId, {
        doctorId: offer.doctorId,
        startsAt: offer.startsAt,
        reason: 'From the waitlist',
      });
      await this.repository.resolveOffer(em, offer.id, 'accepted', appointment.id);
      await this.repository.setEntryStatus(em, offer.entryId, 'booked');
      record('waitlist.offer_resolved', { offerId, doctorId: offer.doctorId, patientId });
      return appointment;
    });
  }

  /** Declines the held slot: the patient keeps waiting for another time and the slot goes to the next entry. */
  async decline(patientId: string, offerId: string, now: Date = new Date()): Promise<void> {
    const doctorId = await this.unit.run(async ({ em, record }) => {
      const offer = await this.repository.lockOffer(em, offerId, patientId);
      if (!offer) throw new NotFoundError('Offer');
      this.assertOpen(offer.status, offer.expiresAt, now);
      await this.repository.resolveOffer(em, offer.id, 'declined');
      await this.repository.setEntryStatus(em, offer.entryId, 'waiting');
      record('waitlist.offer_resolved', { offerId, doctorId: offer.doctorId, patientId });
      return offer.doctorId;
    });
    await this.fill(doctorId, now);
  }

  /**
   * The scheduled sweep: offers whose hold ran out expire (their entries too)
   * and their slots pass on; entries past their dates expire; every doctor
   * with someone waiting gets their free slots offered.
   */
  async sweep(now: Date = new Date()): Promise<{ expired: number; offers: number }> {
    const doctors = new Set<string>();
    let expired = 0;
    for (;;) {
      const batch = await this.unit.run(async ({ em, record }) => {
        const due = await this.repository.lockExpired(em, now, SWEEP_BATCH);
        for (const offer of due) {
          await this.repository.resolveOffer(em, offer.id, 'expired');
          await this.repository.setEntryStatus(em, offer.entryId, 'expired');
          record('waitlist.offer_resolved', {
            offerId: offer.id,
            doctorId: offer.doctorId,
            patientId: offer.patientId,
          });
          doctors.add(offer.doctorId);
        }
        return due;
      });
      expired += batch.length;
      if (batch.length < SWEEP_BATCH) break;
    }
    const today = clinicToday(this.config.clinicTimezone, now);
    await this.repository.expirePastEntries(today);
    for (const id of await this.repository.doctorsWithWaiting(today)) doctors.add(id);
    let offers = 0;
    for (const doctorId of doctors) offers += await this.fill(doctorId, now);
    return { expired, offers };
  }

  /**
   * Offers the doctor's free slots to waiting entries, longest waiting first,
   * one open offer per entry and per slot. Answers how many offers it made.
   */
  async fill(doctorId: string, now: Date = new Date()): Promise<number> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const made = await this.unit.run(({ em }) => this.fillWithin(em, doctorId, now));
        return made.length;
      } catch (error) {
        // A booking took a slot between our read and the offer: read again.
        if (exclusionViolation(error) === null || attempt >= 2) throw error;
      }
    }
  }

  /** Withdraws open offers whose slot is no longer a slot (time off, a changed template), then fills again. */
  async revalidate(doctorId: string, now: Date = new Date()): Promise<void> {
    const tz = this.config.clinicTimezone;
    await this.dataSource.transaction(async (em) => {
      await this.repository.lockDoctorWaitlist(em, doctorId);
      const open = await this.repository.lockOpenOffersOfDoctor(em, doctorId);
      if (open.length === 0) return;
      const dates = open.map((o) => clinicDateOf(o.startsAt, tz)).sort();
      const planned = new Set(
        (await this.slots.plannedSlots(doctorId, dates[0], dates[dates.length - 1], em)).map(
          (s) => `${s.startsAt.getTime()}-${s.endsAt.getTime()}`,
        ),
      );
      for (const offer of open) {
        if (planned.has(`${offer.startsAt.getTime()}-${offer.endsAt.getTime()}`)) continue;
        await this.repository.resolveOffer(em, offer.id, 'withdrawn');
        await this.repository.setEntryStatus(em, offer.entryId, 'waiting');
      }
    });
    await this.fill(doctorId, now);
  }

  private async fillWithin(
    em: EntityManager,
    doctorId: string,
    now: Date,
  ): Promise<{ id: string; patientId: string }[]> {
    await this.repository.lockDoctorWaitlist(em, doctorId);
    const tz = this.config.clinicTimezone;
    const today = clinicToday(tz, now);
    const waiting = await this.repository.waitingOf(em, doctorId, today);
    if (waiting.length === 0) return [];
    const from = waiting.reduce((min, e) => (e.fromDate < min ? e.fromDate : min), waiting[0].fromDate);
    const to = waiting.reduce((max, e) => (e.toDate > max ? e.toDate : max), waiting[0].toDate);
    const free = await this.slots.freeSlots(doctorId, from < today ? today : from, to, now, em);
    if (free.length === 0) return [];
    const alreadyOffered = await this.repository.offeredStarts(
      em,
      waiting.map((e) => e.id),
    );
    const taken = new Set<number>();
    const made: { id: string; patientId: string }[] = [];
    const expiresAt = new Date(now.getTime() + this.config.waitlistHoldMinutes * MINUTE_MS);
    for (const entry of waiting) {
      const seen = alreadyOffered.get(entry.id) ?? new Set<number>();
      const candidates = free.filter((s) => {
        const date = clinicDateOf(s.startsAt, tz);
        return (
          date >= entry.fromDate &&
          date <= entry.toDate &&
          !taken.has(s.startsAt.getTime()) &&
          !seen.has(s.startsAt.getTime())
        );
      });
      if (candidates.length === 0) continue;
      const busy = await this.repository.patientBusy(
        em,
        entry.patientId,
        candidates[0].startsAt,
        candidates[candidates.length - 1].endsAt,
      );
      const slot = candidates.find(
        (s) =>
          !busy.some((b) => b.startsAt.getTime() < s.endsAt.getTime() && s.startsAt.getTime() < b.endsAt.getTime()),
      );
      if (!slot) continue;
      const id = await this.repository.insertOffer(em, {
        entryId: entry.id,
        patientId: entry.patientId,
        doctorId,
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        expiresAt,
      });
      await this.repository.setEntryStatus(em, entry.id, 'offered');
      this.unit.record(em, 'waitlist.offer_made', { offerId: id, doctorId, patientId: entry.patientId });
      taken.add(slot.startsAt.getTime());
      made.push({ id, patientId: entry.patientId });
    }
    return made;
  }

  private assertOpen(status: string, expiresAt: Date, now: Date): void {
    if (status === 'accepted') throw new ConflictError('offer_accepted', 'This offer has already been accepted');
    if (status !== 'open') throw new ConflictError('offer_closed', `This offer is ${status}`);
    if (expiresAt.getTime() <= now.getTime()) {
      throw new ConflictError('offer_expired', 'The hold on this time has run out');
    }
  }

  private async fillQuietly(doctorId: string): Promise<void> {
    try {
      await this.fill(doctorId);
    } catch (error) {
      // The scheduled sweep offers the slot on its next round.
      this.logger.warn(`Waitlist offer for doctor ${doctorId} deferred: ${(error as Error).message}`);
    }
  }

  private async revalidateQuietly(doctorId: string): Promise<void> {
    try {
      await this.revalidate(doctorId);
    } catch (error) {
      this.logger.warn(`Waitlist check for doctor ${doctorId} deferred: ${(error as Error).message}`);
    }
  }
}

function toEntryDto(r: EntryRow): WaitlistEntryDto {
  return {
    id: r.id,
    doctor: r.doctor,
    from: r.fromDate,
    to: r.toDate,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
  };
}

function toOfferDto(o: OfferRow): WaitlistOfferDto {
  return {
    id: o.id,
    doctor: o.doctor,
    startsAt: o.startsAt.toISOString(),
    endsAt: o.endsAt.toISOString(),
    expiresAt: o.expiresAt.toISOString(),
  };
}
