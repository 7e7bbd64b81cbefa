import { Inject, Injectable } from '@nestjs/common';
import { APPOINTMENT_TRANSITIONS, canTransition, type AppointmentAction, type CancelledBy } from '@hms/shared';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ConflictError, NotFoundError } from '../common/errors/domain-errors';
import { UnitOfWork } from '../common/events/unit-of-work';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { TreatmentInput, TreatmentsService } from '../records/treatments.service';
import { AppointmentScope, AppointmentsRepository } from './appointments.repository';
import { clinicDateOf, clinicToday } from '../common/time/clinic-time';
import { AppointmentDto, toAppointmentDto } from './dto/appointment.dto';
import type { AppointmentEntity } from './entities/appointment.entity';

export type { CancelledBy } from '@hms/shared';

/**
 * Status moves of an existing appointment, each allowed only where the shared
 * transition table (APPOINTMENT_TRANSITIONS) says so: check-in, completion
 * (with its treatment), no-show and cancellation, plus edits of a completed
 * one's treatment. Each runs in one transaction on the row-locked appointment.
 */
@Injectable()
export class AppointmentLifecycleService {
  constructor(
    private readonly unit: UnitOfWork,
    private readonly appointments: AppointmentsRepository,
    private readonly treatments: TreatmentsService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A patient cancels their own booked appointment before it starts. */
  async cancelByPatient(patientId: string, appointmentId: string): Promise<AppointmentDto> {
    return this.cancel({ patientId }, appointmentId, 'patient', null, (a) => {
      if (a.startsAt.getTime() <= Date.now()) {
        throw new ConflictError(
          'appointment_started',
          'The appointment has already started and can no longer be cancelled',
        );
      }
    });
  }

  /** A doctor cancels one of their own booked appointments, saying why. */
  async cancelByDoctor(doctorId: string, appointmentId: string, reason?: string): Promise<AppointmentDto> {
    return this.cancel({ doctorId }, appointmentId, 'doctor', reason?.trim() || null, () => undefined);
  }

  /** An admin (front desk) cancels any booked appointment, with a reason the patient is told. */
  async cancelByAdmin(appointmentId: string, reason: string): Promise<AppointmentDto> {
    return this.cancel({ all: true }, appointmentId, 'admin', reason.trim() || null, () => undefined);
  }

  /** The front desk cancels any booked appointment for the patient, with the reason the patient is told. */
  async cancelByDesk(appointmentId: string, reason: string): Promise<AppointmentDto> {
    return this.cancel({ all: true }, appointmentId, 'desk', reason.trim() || null, () => undefined);
  }

  /**
   * Cancels a locked appointment inside the caller's unit of work (e.g. time
   * off that clears the day) and records the fact there: the patient's notice
   * is written from it before the commit, listeners are told after it.
   */
  async cancelWithin(em: EntityManager, a: AppointmentEntity, by: CancelledBy, reason: string | null): Promise<void> {
    assertTransition(a, 'cancel');
    await this.appointments.update(em, a.id, {
      status: APPOINTMENT_TRANSITIONS.cancel.to,
      sequence: a.sequence + 1,
      cancelledAt: new Date(),
      cancelledBy: by,
      cancellationReason: reason,
    });
    this.unit.record(em, 'appointment.cancelled', {
      appointmentId: a.id,
      doctorId: a.doctorId,
      patientId: a.patientId,
    });
  }

  private async cancel(
    scope: AppointmentScope,
    appointmentId: string,
    by: CancelledBy,
    reason: string | null,
    extraCheck: (a: AppointmentEntity) => void,
  ): Promise<AppointmentDto> {
    return this.unit.run(async ({ em }) => {
      const a = await this.lockFor(em, appointmentId, scope, 'cancel');
      extraCheck(a);
      await this.cancelWithin(em, a, by, reason);
      return this.load(em, a.id);
    });
  }

  /**
   * The patient has arrived: booked → checked_in, only on the appointment's
   * clinic date. The doctor for their own visits; the front desk for any.
   */
  async checkIn(scope: AppointmentScope, appointmentId: string): Promise<AppointmentDto> {
    return this.unit.run(async ({ em, record }) => {
      const a = await this.lockFor(em, appointmentId, scope, 'check_in');
      const tz = this.config.clinicTimezone;
      const date = clinicDateOf(a.startsAt, tz);
      if (date !== clinicToday(tz)) {
        throw new ConflictError(
          'not_visit_day',
          `The appointment is on ${date}; patients can be checked in on that day only`,
        );
      }
      await this.appointments.update(em, a.id, {
        status: APPOINTMENT_TRANSITIONS.check_in.to,
        checkedInAt: new Date(),
      });
      record('appointment.checked_in', { appointmentId: a.id, doctorId: a.doctorId, patientId: a.patientId });
      return this.load(em, a.id);
    });
  }

  /** The patient did not come: booked or checked_in → no_show, only once the appointment has started. */
  async noShow(doctorId: string, appointmentId: string, now: Date = new Date()): Promise<AppointmentDto> {
    return this.unit.run(async ({ em, record }) => {
      const a = await this.lockFor(em, appointmentId, { doctorId }, 'no_show');
      if (a.startsAt.getTime() > now.getTime()) {
        throw new ConflictError(
          'appointment_not_started',
          `The appointment starts at ${a.startsAt.toISOString()}; it can be marked a no-show once it has started`,
        );
      }
      await this.appointments.update(em, a.id, { status: APPOINTMENT_TRANSITIONS.no_show.to, noShowAt: now });
      record('appointment.no_show', { appointmentId: a.id, doctorId: a.doctorId, patientId: a.patientId });
      return this.load(em, a.id);
    });
  }

  /** The doctor completes an own booked or checked-in appointment on or after its clinic date, recording the treatment. */
  async complete(doctorId: string, appointmentId: string, input: TreatmentInput): Promise<AppointmentDto> {
    return this.unit.run(async ({ em, record }) => {
      const a = await this.lockFor(em, appointmentId, { doctorId }, 'complete');
      const tz = this.config.clinicTimezone;
      if (clinicDateOf(a.startsAt, tz) > clinicToday(tz)) {
        throw new ConflictError(
          'appointment_not_due',
          `The appointment is on ${clinicDateOf(a.startsAt, tz)}; it can be completed from that day on`,
        );
      }
      await this.appointments.update(em, a.id, {
        status: APPOINTMENT_TRANSITIONS.complete.to,
        completedAt: new Date(),
      });
      await this.treatments.record(em, a.id, input);
      await this.audit.record(
        { action: 'treatment.created', patientId: a.patientId, resource: { type: 'appointment', id: a.id } },
        em,
      );
      record('appointment.completed', { appointmentId: a.id, doctorId: a.doctorId, patientId: a.patientId });
      return this.load(em, a.id);
    });
  }

  /**
   * The appointment's doctor edits the treatment of a completed appointment:
   * the edit becomes the next version (the earlier ones stay as revisions).
   */
  async updateTreatment(doctorId: string, appointmentId: string, input: TreatmentInput): Promise<AppointmentDto> {
    return this.unit.run(async ({ em, record }) => {
      const a = await this.appointments.lockInScope(em, appointmentId, { doctorId });
      if (!a) throw new NotFoundError('Appointment');
      if (a.status !== 'completed') {
        throw new ConflictError(
          'appointment_not_completed',
          `The appointment is ${a.status}; only a completed appointment has a treatment`,
        );
      }
      await this.treatments.revise(em, a.id, input);
      await this.audit.record(
        { action: 'treatment.updated', patientId: a.patientId, resource: { type: 'appointment', id: a.id } },
        em,
      );
      record('treatment.updated', { appointmentId: a.id, doctorId: a.doctorId, patientId: a.patientId });
      return this.load(em, a.id);
    });
  }

  /** The appointment in scope, row-locked, refused with 409 unless `action` may move it. */
  private async lockFor(
    em: EntityManager,
    id: string,
    scope: AppointmentScope,
    action: AppointmentAction,
  ): Promise<AppointmentEntity> {
    const a = await this.appointments.lockInScope(em, id, scope);
    if (!a) throw new NotFoundError('Appointment');
    assertTransition(a, action);
    return a;
  }

  private async load(em: EntityManager, id: string): Promise<AppointmentDto> {
    const entity = await this.appointments.findInScope(id, { all: true }, em);
    if (!entity) throw new NotFoundError('Appointment');
    return toAppointmentDto(entity);
  }
}

const ACTION_LABELS: Record<AppointmentAction, string> = {
  check_in: 'checked in',
  complete: 'completed',
  cancel: 'cancelled',
  no_show: 'marked a no-show',
};

/** 409 unless the shared transition table lets `action` move the appointment. */
export function assertTransition(a: Pick<AppointmentEntity, 'status'>, action: AppointmentAction): void {
  if (canTransition(a.status, action)) return;
  const from = APPOINTMENT_TRANSITIONS[action].from;
  const code =
    a.status === 'checked_in'
      ? action === 'check_in'
        ? 'already_checked_in'
        : 'appointment_checked_in'
      : 'appointment_not_booked';
  throw new ConflictError(
    code,
    `The appointment is ${a.status}; only a ${from.join(' or ')} appointment can be ${ACTION_LABELS[action]}`,
  );
}
