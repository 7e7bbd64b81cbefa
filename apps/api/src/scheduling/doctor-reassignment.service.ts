import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/errors/domain-errors';
import { UnitOfWork } from '../common/events/unit-of-work';
import { clinicDateOf } from '../common/time/clinic-time';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AppointmentLifecycleService, assertTransition } from './appointment-lifecycle.service';
import { AppointmentsRepository } from './appointments.repository';
import { BookingRules } from './booking-rules';
import { BookingService, overlapConflict } from './booking.service';
import { DoctorReassignmentRepository } from './doctor-reassignment.repository';
import type { AppointmentDto } from './dto/appointment.dto';
import { AffectedVisitDto, DeactivationPreviewDto } from './dto/doctor-reassignment.dto';
import { SlotsService } from './slots.service';

/**
 * Before a doctor leaves service: which booked visits a deactivation would
 * cancel (and whom to call), which colleague of the same department is free
 * at the same time for each, and moving a visit to such a colleague. The move
 * goes through the booking service's rules, locks and notices: the visit is
 * cancelled ("moved to …") and booked with the colleague in one transaction,
 * so the old booking is released only if the new one is taken.
 */
@Injectable()
export class DoctorReassignmentService {
  constructor(
    private readonly unit: UnitOfWork,
    private readonly rules: BookingRules,
    private readonly repository: DoctorReassignmentRepository,
    private readonly appointments: AppointmentsRepository,
    private readonly slots: SlotsService,
    private readonly booking: BookingService,
    private readonly lifecycle: AppointmentLifecycleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async preview(doctorId: string, now: Date = new Date()): Promise<DeactivationPreviewDto> {
    const doctor = await this.repository.doctor(doctorId);
    if (!doctor) throw new NotFoundError('Doctor');
    const visits = await this.repository.bookedFutureVisits(doctorId);
    const free = new Map<string, Set<number>>();
    const colleagues =
      visits.length === 0 ? [] : await this.repository.activeColleagues(doctorId, doctor.specializationId);
    if (visits.length > 0 && colleagues.length > 0) {
      const tz = this.config.clinicTimezone;
      const from = clinicDateOf(visits[0].startsAt, tz);
      const to = clinicDateOf(visits[visits.length - 1].startsAt, tz);
      // One slot computation per colleague over the whole span of the visits.
      await Promise.all(
        colleagues.map(async (c) => {
          const slots = await this.slots.freeSlots(c.id, from, to, now);
          free.set(c.id, new Set(slots.map((s) => s.startsAt.getTime())));
        }),
      );
    }
    return {
      doctor: { id: doctor.id, fullName: doctor.fullName, specialization: doctor.specializationName },
      total: visits.length,
      visits: visits.map((v): AffectedVisitDto => ({
        appointmentId: v.id,
        startsAt: v.startsAt.toISOString(),
        endsAt: v.endsAt.toISOString(),
        patient: { id: v.patientId, fullName: v.patientName, email: v.email, phone: v.phone },
        candidates: colleagues
          .filter((c) => free.get(c.id)?.has(v.startsAt.getTime()))
          .map((c) => ({ id: c.id, fullName: c.fullName })),
      })),
    };
  }

  /**
   * Moves a booked, not yet started visit to `toDoctorId` (active, same
   * department) at the same time. The patient is told by the usual notices:
   * the cancellation (saying where the visit moved) and the new booking.
   */
  async reassign(appointmentId: string, toDoctorId: string): Promise<AppointmentDto> {
    try {
      return await this.unit.run(async ({ em }) => {
        const seen = await this.appointments.findInScope(appointmentId, { all: true }, em);
        if (!seen) throw new NotFoundError('Appointment');
        if (seen.doctorId === toDoctorId) {
          throw new RuleViolationError('reassign_same_doctor', 'The visit is already with this doctor', [
            { field: 'doctorId', message: 'doctorId must be another doctor' },
          ]);
        }
        // Doctors' rows before the appointment's (the one lock order, see BookingRules),
        // the two doctors in id order so two moves between them cannot wait on each other.
        for (const id of [seen.doctorId, toDoctorId].sort()) await this.rules.lockDoctor(em, id);
        const current = await this.appointments.lockInScope(em, appointmentId, { all: true });
        if (!current) throw new NotFoundError('Appointment');
        assertTransition(current, 'cancel');
        if (current.startsAt.getTime() <= Date.now()) {
          throw new ConflictError('appointment_started', 'The appointment has already started');
        }
        // One after the other: a transaction's statements share one connection.
        const from = await this.repository.doctor(current.doctorId, em);
        const to = await this.repository.doctor(toDoctorId, em);
        if (!to) throw new NotFoundError('Doctor');
        if (!from || from.specializationId !== to.specializationId) {
          throw new RuleViolationError(
            'reassign_other_department',
            `A visit moves only to a doctor of the same department (${from?.specializationName ?? 'unknown'})`,
            [{ field: 'doctorId', message: 'doctorId must be a doctor of the same department' }],
          );
        }
        await this.lifecycle.cancelWithin(em, current, 'admin', `Moved to ${to.fullName}`);
        return this.booking.bookWithin(em, current.patientId, {
          doctorId: toDoctorId,
          startsAt: current.startsAt,
          reason: current.reason,
        });
      });
    } catch (error) {
      throw overlapConflict(error) ?? error;
    }
  }
}
