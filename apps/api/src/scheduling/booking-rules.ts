import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../common/errors/domain-errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AppointmentsRepository } from './appointments.repository';
import { ParticipantsRepository } from './participants.repository';
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
    if ((await this.participants.patientActive(patientId, em, true)) !== true) {
      throw new ForbiddenError('patient_inactive', 'Your account may not book appointments');
    }
  }

  /**
   * At most MAX_UPCOMING_BOOKINGS booked future appointments per patient.
   * Runs after assertPatientActive has locked the patient row, so concurrent
   * bookings of one patient count one after another and cannot exceed it.
   */
  async assertUnderBookingCap(em: EntityManager, patientId: string): Promise<void> {
    const max = this.config.maxUpcomingBookings;
    if ((await this.appointments.countUpcomingBooked(em, patientId)) >= max) {
      throw new RuleViolationError(
        'too_many_upcoming_bookings',
        `You already hold ${max} upcoming appointment${max === 1 ? '' : 's'}, the most allowed; cancel one or wait until one has taken place before booking another`,
      );
    }
  }
}
