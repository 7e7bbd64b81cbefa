import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/errors/domain-errors';
import { UnitOfWork } from '../common/events/unit-of-work';
import { AppointmentsRepository } from './appointments.repository';
import { IdempotentBooking, requestHash } from './booking-idempotency';
import { BookingStatement, type BookingStatementOutcome } from './booking-statement';
import { BookingRules } from './booking-rules';
import { AppointmentDto, toAppointmentDto } from './dto/appointment.dto';
import { DOCTOR_OVERLAP, exclusionViolation, PATIENT_OVERLAP } from '../database/pg-errors';

export { requestHash } from './booking-idempotency';

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
 * Booking and rescheduling. A booking is one round trip: the slot rules
 * checked against the doctor's rule inputs this process keeps
 * (BookingRules.checkUnlocked), then one statement that checks the rest,
 * writes the appointment, its outbox message and the Idempotency-Key's
 * answer (BookingStatement); the row's trigger re-checks
 * under the doctor's and the patient's locks what can change meanwhile.
 * A move, and a booking inside a caller's unit of work (bookWithin), take
 * the locks first (BookingRules) and record the fact in the unit. All rely
 * on the database's exclusion constraints for the "no overlap" invariant:
 * they write and let the constraint refuse, never read-then-write.
 */
@Injectable()
export class BookingService {
  constructor(
    private readonly unit: UnitOfWork,
    private readonly appointments: AppointmentsRepository,
    private readonly rules: BookingRules,
    private readonly idempotency: IdempotentBooking,
    private readonly statement: BookingStatement,
  ) {}

  async book(
    patientId: string,
    request: BookingRequest,
    idempotencyKey?: string,
    actor: BookingActor = {},
  ): Promise<BookingResult> {
    const startsAt = new Date(request.startsAt);
    const reason = request.reason?.trim() ?? '';
    // Only a request with an Idempotency-Key is compared with an earlier one.
    const hash = idempotencyKey === undefined ? '' : requestHash(request.doctorId, startsAt, reason, actor.by);
    let slot: { endsAt: Date; needsWindow: boolean };
    try {
      slot = await this.rules.checkUnlocked(request.doctorId, startsAt);
    } catch (error) {
      // A retry answers what its first attempt answered, even when a rule would refuse it now.
      const replayed =
        idempotencyKey === undefined ? null : await this.idempotency.stored(patientId, idempotencyKey, hash);
      if (replayed) return { appointment: replayed, replayed: true };
      throw error;
    }
    const { endsAt, needsWindow } = slot;
    let outcome: BookingStatementOutcome;
    try {
      outcome = await this.statement.book({
        doctorId: request.doctorId,
        patientId,
        startsAt,
        endsAt,
        reason,
        ...(idempotencyKey !== undefined ? { key: { key: idempotencyKey, requestHash: hash } } : {}),
        needsWindow,
        cap: this.rules.bookingCap,
        ...(actor.by ? { by: actor.by } : {}),
      });
    } catch (error) {
      throw overlapConflict(error) ?? this.rules.recheckFailure(error) ?? error;
    }
    if (outcome.kind === 'refused') throw this.rules.refusal(outcome.refusal);
    if (outcome.kind === 'key_used') {
      const appointment =
        outcome.requestHash === null
          ? await this.idempotency.stored(patientId, idempotencyKey ?? '', hash)
          : this.idempotency.replay(outcome.requestHash, outcome.stored, hash);
      if (!appointment) throw new Error('An Idempotency-Key was claimed by another attempt that stored nothing');
      return { appointment, replayed: true };
    }
    // The statement wrote the outbox message itself: only the after-commit listeners are told.
    await this.unit.committed('appointment.booked', {
      appointmentId: outcome.appointment.id,
      doctorId: request.doctorId,
      patientId,
      ...(actor.by ? { by: actor.by } : {}),
    });
    return { appointment: outcome.appointment, replayed: false };
  }

  /**
   * Books a slot held for the patient by a waitlist offer, inside the caller's
   * unit of work (the offer is closed in the same one). The same rules as a
   * booking (the booking cap included), except the doctor's minimum notice:
   * the hold already reserved the time. The booking is recorded in the caller's unit.
   */
  async bookWithin(
    em: EntityManager,
    patientId: string,
    request: { doctorId: string; startsAt: Date; reason?: string },
  ): Promise<AppointmentDto> {
    try {
      const endsAt = await this.rules.assertBookable(em, request.doctorId, request.startsAt, { minNotice: false });
      return await this.insert(em, patientId, {
        doctorId: request.doctorId,
        startsAt: request.startsAt,
        endsAt,
        reason: request.reason?.trim() ?? '',
      });
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

  /** The write of a booking (after the doctor's checks): the patient's checks, the row, the fact. */
  private async insert(
    em: EntityManager,
    patientId: string,
    slot: { doctorId: string; startsAt: Date; endsAt: Date; reason: string },
    actor: BookingActor = {},
  ): Promise<AppointmentDto> {
    await this.rules.assertPatientActive(em, patientId);
    await this.rules.assertUnderBookingCap(em, patientId);
    const id = await this.appointments.insert(em, { ...slot, patientId });
    this.unit.record(em, 'appointment.booked', {
      appointmentId: id,
      doctorId: slot.doctorId,
      patientId,
      ...(actor.by ? { by: actor.by } : {}),
    });
    return this.load(em, id);
  }

  private async move(
    scope: { patientId: string } | { all: true },
    appointmentId: string,
    newStart: string,
    actor: BookingActor,
  ): Promise<AppointmentDto> {
    const startsAt = new Date(newStart);
    try {
      return await this.unit.run(async (tx) => {
        const { em } = tx;
        // The doctor's row before the appointment's (the one lock order, see BookingRules).
        const seen = await this.appointments.findInScope(appointmentId, scope, em);
        if (!seen) throw new NotFoundError('Appointment');
        const doctorActive = await this.rules.lockDoctor(em, seen.doctorId);
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
        this.rules.assertDoctorActive(doctorActive);
        const endsAt = await this.rules.slotEnd(em, current.doctorId, startsAt);
        await this.rules.assertPatientActive(em, current.patientId);
        await this.appointments.assertPatientFree(em, current.patientId, startsAt, endsAt, current.id);
        const sequence = current.sequence + 1;
        await this.appointments.update(em, current.id, { startsAt, endsAt, sequence });
        tx.record('appointment.rescheduled', {
          appointmentId: current.id,
          doctorId: current.doctorId,
          patientId: current.patientId,
          previousStartsAt: current.startsAt.toISOString(),
          ...(actor.by ? { by: actor.by } : {}),
        });
        return this.load(em, current.id);
      });
    } catch (error) {
      throw overlapConflict(error) ?? error;
    }
  }

  private async load(em: EntityManager, id: string): Promise<AppointmentDto> {
    const entity = await this.appointments.findInScope(id, { all: true }, em);
    if (!entity) throw new NotFoundError('Appointment');
    return toAppointmentDto(entity);
  }
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
