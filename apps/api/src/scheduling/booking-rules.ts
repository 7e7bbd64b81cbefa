import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
} from '../common/errors/domain-errors';
import { checkViolation } from '../database/pg-errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AppointmentsRepository } from './appointments.repository';
import type { BookingRefusal } from './booking-statement';
import { clinicDateOf } from '../common/time/clinic-time';
import { ParticipantsRepository } from './participants.repository';
import { SlotRulesCache } from './slot-rules-cache';
import { SlotsService } from './slots.service';

/**
 * The checks of a booking (DESIGN.md invariant 2), each taking its lock.
 *
 * Lock order, the same on every path that locks a doctor and an appointment
 * (booking, reschedule, time off, a doctor's deactivation or removal): the
 * doctor's row first, then the patient's row or the appointment rows.
 */
@Injectable()
export class BookingRules {
  constructor(
    private readonly participants: ParticipantsRepository,
    private readonly appointments: AppointmentsRepository,
    private readonly slots: SlotsService,
    private readonly slotRules: SlotRulesCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Locks the doctor's row (held until the transaction ends); answers whether the doctor exists and is active. */
  lockDoctor(em: EntityManager, doctorId: string): Promise<boolean | null> {
    return this.participants.doctorActive(doctorId, em, true);
  }

  /** 404 for no such doctor, 422 for an inactive one (after lockDoctor). */
  assertDoctorActive(active: boolean | null): void {
    if (active === null) throw new NotFoundError('Doctor');
    if (!active) throw new RuleViolationError('doctor_inactive', 'The doctor is not taking appointments');
  }

  /**
   * The doctor's standing and the slot rules, checked against the doctor's
   * rule inputs of the date as this process keeps them (SlotRulesCache),
   * without locks; the booking statement decides at the write what can
   * change meanwhile, and whether the start is occupied.
   */
  async checkUnlocked(doctorId: string, startsAt: Date): Promise<{ endsAt: Date; needsWindow: boolean }> {
    const date = clinicDateOf(startsAt, this.config.clinicTimezone);
    return this.slots.bookableIn(await this.slotRules.of(doctorId, date), startsAt);
  }

  /** MAX_UPCOMING_BOOKINGS. */
  get bookingCap(): number {
    return this.config.maxUpcomingBookings;
  }

  /** The error of a rule the booking statement found broken on its snapshot. */
  refusal(code: BookingRefusal): DomainError {
    switch (code) {
      case 'doctor_not_found':
        return new NotFoundError('Doctor');
      case 'doctor_inactive':
        return new RuleViolationError('doctor_inactive', 'The doctor is not taking appointments');
      case 'patient_inactive':
        return patientInactive();
      case 'outside_availability':
        return new RuleViolationError(
          'outside_availability',
          'The doctor has not published availability at that time',
          [{ field: 'startsAt', message: 'startsAt must lie inside a published availability window' }],
        );
      case 'patient_overlap':
        return new ConflictError('patient_overlap', 'You already have an appointment that overlaps this time');
      case 'slot_taken':
        return new ConflictError('slot_taken', 'This slot has just been taken; choose another time');
    }
  }

  /** The error of a re-check the appointment row's trigger made after its locks, or null for any other error. */
  recheckFailure(error: unknown): DomainError | null {
    switch (checkViolation(error)) {
      case 'CHK_booking_doctor_active':
        return this.refusal('doctor_inactive');
      case 'CHK_booking_patient_active':
        return patientInactive();
      case 'CHK_booking_cap':
        return capReached(this.config.maxUpcomingBookings);
      case 'CHK_booking_time_off':
        return new RuleViolationError('doctor_time_off', 'The doctor is away at that time', [
          { field: 'startsAt', message: 'startsAt falls in the doctor’s time off' },
        ]);
      default:
        return null;
    }
  }

  /** Every rule for a slot of `doctorId` at `startsAt` (doctor locked first); answers the slot's end. */
  async assertBookable(
    em: EntityManager,
    doctorId: string,
    startsAt: Date,
    options: { minNotice?: boolean } = {},
  ): Promise<Date> {
    this.assertDoctorActive(await this.lockDoctor(em, doctorId));
    return this.slotEnd(em, doctorId, startsAt, options);
  }

  /** The slot rules alone (the doctor already locked and checked). */
  slotEnd(em: EntityManager, doctorId: string, startsAt: Date, options: { minNotice?: boolean } = {}): Promise<Date> {
    return options.minNotice === false
      ? this.slots.checkBookable(em, doctorId, startsAt, new Date(), { minNotice: false })
      : this.slots.checkBookable(em, doctorId, startsAt);
  }

  /** Locks the patient row (serialising a patient's bookings) and checks the account may book. */
  async assertPatientActive(em: EntityManager, patientId: string): Promise<void> {
    if ((await this.participants.patientActive(patientId, em, true)) !== true) throw patientInactive();
  }

  /**
   * At most MAX_UPCOMING_BOOKINGS booked future appointments per patient.
   * Runs after assertPatientActive has locked the patient row, so concurrent
   * bookings of one patient count one after another and cannot exceed it.
   */
  async assertUnderBookingCap(em: EntityManager, patientId: string): Promise<void> {
    const max = this.config.maxUpcomingBookings;
    if ((await this.appointments.countUpcomingBooked(em, patientId)) >= max) throw capReached(max);
  }
}

function patientInactive(): DomainError {
  return new ForbiddenError('patient_inactive', 'Your account may not book appointments');
}

function capReached(max: number): DomainError {
  return new RuleViolationError(
    'too_many_upcoming_bookings',
    `You already hold ${max} upcoming appointment${max === 1 ? '' : 's'}, the most allowed; cancel one or wait until one has taken place before booking another`,
  );
}
