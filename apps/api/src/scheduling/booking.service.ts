import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../common/errors/domain-errors';
import { DomainEvents } from '../common/events/domain-events';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { OutboxService } from '../notifications/outbox.service';
import { AppointmentsRepository } from './appointments.repository';
import { AppointmentDto, toAppointmentDto } from './dto/appointment.dto';
import { IdempotencyRepository } from './idempotency.repository';
import { ParticipantsRepository } from './participants.repository';
import { DOCTOR_OVERLAP, exclusionViolation, PATIENT_OVERLAP } from './pg-errors';
import { SlotsService } from './slots.service';

export interface BookingRequest {
  doctorId: string;
  startsAt: string;
  reason?: string;
}

/** Who acts for the patient: themself (default) or the clinic's front desk. */
export interface BookingActor {
  by?: 'desk';
}

export interface BookingResult {
  appointment: AppointmentDto;
  /** True when an Idempotency-Key replayed an earlier answer. */
  replayed: boolean;
}

/**
 * Booking and rescheduling. Both rely on the database's exclusion
 * constraints for the "no overlap" invariant: they write and let the
 * constraint refuse, never read-then-write.
 */
@Injectable()
export class BookingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly appointments: AppointmentsRepository,
    private readonly slots: SlotsService,
    private readonly participants: ParticipantsRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly outbox: OutboxService,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async book(
    patientId: string,
    request: BookingRequest,
    idempotencyKey?: string,
    actor: BookingActor = {},
  ): Promise<BookingResult> {
    const startsAt = new Date(request.startsAt);
    const reason = request.reason?.trim() ?? '';
    const hash = requestHash(request.doctorId, startsAt, reason, actor.by);
    let outcome: BookingResult & { doctorId?: string };
    try {
      outcome = await this.dataSource.transaction(async (em) => {
        if (idempotencyKey !== undefined) {
          const claimed = await this.idempotency.claim(em, patientId, idempotencyKey, hash);
          if (!claimed) return this.replay(em, patientId, idempotencyKey, hash);
        }
        const endsAt = await this.assertBookable(em, request.doctorId, startsAt);
        await this.assertPatientActive(em, patientId);
        await this.assertUnderBookingCap(em, patientId);
        const id = await this.appointments.insert(em, {
          doctorId: request.doctorId,
          patientId,
          startsAt,
          endsAt,
          reason,
        });
        await this.outbox.record(em, {
          kind: 'appointment.booked',
          aggregateId: id,
          dedupeKey: `appointment.booked:${id}:0`,
          ...(actor.by ? { payload: { by: actor.by } } : {}),
        });
        const appointment = await this.load(em, id);
        if (idempotencyKey !== undefined) {
          await this.idempotency.complete(em, patientId, idempotencyKey, 201, { ...appointment });
        }
        return { appointment, replayed: false, doctorId: request.doctorId };
      });
    } catch (error) {
      const conflict = overlapConflict(error);
      if (conflict?.code === 'slot_taken' && (await this.appointments.patientBookedAt(patientId, startsAt))) {
        throw new ConflictError('patient_overlap', 'You already have an appointment that overlaps this time');
      }
      throw conflict ?? error;
    }
    if (!outcome.replayed) {
      await this.events.publish('appointment.booked', {
        appointmentId: outcome.appointment.id,
        doctorId: request.doctorId,
        patientId,
      });
    }
    return { appointment: outcome.appointment, replayed: outcome.replayed };
  }

  /**
   * Books a slot held for the patient by a waitlist offer, inside the caller's
   * transaction (the offer is closed in the same one). The same rules as a
   * booking (the booking cap included), except the doctor's minimum notice:
   * the hold already reserved the time. The caller publishes 'appointment.booked' after commit.
   */
  async bookWithin(
    em: EntityManager,
    patientId: string,
    request: { doctorId: string; startsAt: Date; reason?: string },
  ): Promise<AppointmentDto> {
    try {
      const active = await this.participants.doctorActive(request.doctorId, em, true);
      if (active === null) throw new NotFoundError('Doctor');
      if (!active) throw new RuleViolationError('doctor_inactive', 'The doctor is not taking appointments');
      const endsAt = await this.slots.checkBookable(em, request.doctorId, request.startsAt, new Date(), {
        minNotice: false,
      });
      await this.assertPatientActive(em, patientId);
      await this.assertUnderBookingCap(em, patientId);
      const id = await this.appointments.insert(em, {
        doctorId: request.doctorId,
        patientId,
        startsAt: request.startsAt,
        endsAt,
        reason: request.reason?.trim() ?? '',
      });
      await this.outbox.record(em, {
        kind: 'appointment.booked',
        aggregateId: id,
        dedupeKey: `appointment.booked:${id}:0`,
      });
      return await this.load(em, id);
    } catch (error) {
      throw overlapConflict(error) ?? error;
    }
  }

  /**
   * Moves an own booked appointment to another slot of the same doctor in
   * one transaction: the row is updated in place, so the constraint checks
   * the new time against every other booking (not this one), and a taken
   * slot rolls everything back, leaving the original booking intact.
   */
  async reschedule(patientId: string, appointmentId: string, newStart: string): Promise<AppointmentDto> {
    return this.move({ patientId }, appointmentId, newStart, {});
  }

  /** The front desk moves any booked, not yet started appointment: the same rules as the patient's own move. */
  async rescheduleByDesk(appointmentId: string, newStart: string): Promise<AppointmentDto> {
    return this.move({ all: true }, appointmentId, newStart, { by: 'desk' });
  }

  private async move(
    scope: { patientId: string } | { all: true },
    appointmentId: string,
    newStart: string,
    actor: BookingActor,
  ): Promise<AppointmentDto> {
    const startsAt = new Date(newStart);
    let result: { appointment: AppointmentDto; doctorId: string; patientId: string; previousStartsAt: string };
    try {
      result = await this.dataSource.transaction(async (em) => {
        const current = await this.appointments.lockInScope(em, appointmentId, scope);
        if (!current) throw new NotFoundError('Appointment');
        if (current.status !== 'booked') {
          throw new ConflictError('appointment_not_booked', `The appointment is ${current.status}, not booked`);
        }
        if (current.startsAt.getTime() <= Date.now()) {
          throw new ConflictError('appointment_started', 'The appointment has already started');
        }
        if (current.startsAt.getTime() === startsAt.getTime()) {
          throw new RuleViolationError('same_time', 'The appointment already starts at that time', [
            { field: 'startsAt', message: 'startsAt must differ from the current start' },
          ]);
        }
        const endsAt = await this.assertBookable(em, current.doctorId, startsAt);
        await this.assertPatientActive(em, current.patientId);
        await this.appointments.assertPatientFree(em, current.patientId, startsAt, endsAt, current.id);
        const sequence = current.sequence + 1;
        await this.appointments.update(em, current.id, { startsAt, endsAt, sequence });
        const previousStartsAt = current.startsAt.toISOString();
        await this.outbox.record(em, {
          kind: 'appointment.rescheduled',
          aggregateId: current.id,
          dedupeKey: `appointment.rescheduled:${current.id}:${sequence}`,
          payload: { previousStartsAt, ...(actor.by ? { by: actor.by } : {}) },
        });
        return {
          appointment: await this.load(em, current.id),
          doctorId: current.doctorId,
          patientId: current.patientId,
          previousStartsAt,
        };
      });
    } catch (error) {
      throw overlapConflict(error) ?? error;
    }
    await this.events.publish('appointment.rescheduled', {
      appointmentId,
      doctorId: result.doctorId,
      patientId: result.patientId,
      previousStartsAt: result.previousStartsAt,
    });
    return result.appointment;
  }

  /**
   * Every booking rule (DESIGN.md invariant 2) for a slot of `doctorId` at
   * `startsAt`; answers the slot's end. The doctor's row (see
   * ParticipantsRepository) stays locked until the transaction ends; the slot
   * rules are the slot service's.
   */
  private async assertBookable(em: EntityManager, doctorId: string, startsAt: Date): Promise<Date> {
    const active = await this.participants.doctorActive(doctorId, em, true);
    if (active === null) throw new NotFoundError('Doctor');
    if (!active) throw new RuleViolationError('doctor_inactive', 'The doctor is not taking appointments');
    return this.slots.checkBookable(em, doctorId, startsAt);
  }

  /**
   * At most MAX_UPCOMING_BOOKINGS booked future appointments per patient.
   * Runs after assertPatientActive has locked the patient row, so concurrent
   * bookings of one patient count one after another and cannot exceed it.
   */
  private async assertUnderBookingCap(em: EntityManager, patientId: string): Promise<void> {
    const max = this.config.maxUpcomingBookings;
    if ((await this.appointments.countUpcomingBooked(em, patientId)) >= max) {
      throw new RuleViolationError(
        'too_many_upcoming_bookings',
        `You already hold ${max} upcoming appointment${max === 1 ? '' : 's'}, the most allowed; cancel one or wait until one has taken place before booking another`,
      );
    }
  }

  /** Locks the patient row (serialising a patient's bookings) and checks the account may book. */
  private async assertPatientActive(em: EntityManager, patientId: string): Promise<void> {
    if ((await this.participants.patientActive(patientId, em, true)) !== true) {
      throw new ForbiddenError('patient_inactive', 'Your account may not book appointments');
    }
  }

  private async replay(
    em: EntityManager,
    patientId: string,
    key: string,
    hash: string,
  ): Promise<BookingResult & { doctorId?: string }> {
    const stored = await this.idempotency.find(em, patientId, key);
    if (!stored || stored.requestHash !== hash || !stored.responseBody) {
      throw new RuleViolationError(
        'idempotency_key_reused',
        'This Idempotency-Key was already used with a different request; use a new key',
      );
    }
    return { appointment: stored.responseBody as unknown as AppointmentDto, replayed: true };
  }

  private async load(em: EntityManager, id: string): Promise<AppointmentDto> {
    const entity = await this.appointments.findInScope(id, { all: true }, em);
    if (!entity) throw new NotFoundError('Appointment');
    return toAppointmentDto(entity);
  }
}

/** Canonical hash of a booking request, to tell a retry from another request under the same key. */
export function requestHash(doctorId: string, startsAt: Date, reason: string, by?: 'desk'): string {
  const canonical = JSON.stringify({
    doctorId: doctorId.toLowerCase(),
    startsAt: startsAt.toISOString(),
    reason,
    ...(by ? { by } : {}),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** Maps an exclusion violation of the appointment constraints to the 409 it means. */
export function overlapConflict(error: unknown): ConflictError | null {
  const constraint = exclusionViolation(error);
  if (constraint === null) return null;
  if (constraint === PATIENT_OVERLAP) {
    return new ConflictError('patient_overlap', 'You already have an appointment that overlaps this time');
  }
  if (constraint === DOCTOR_OVERLAP) {
    return new ConflictError('slot_taken', 'This slot has just been taken; choose another time');
  }
  return new ConflictError('slot_taken', 'The appointment overlaps another booking');
}
