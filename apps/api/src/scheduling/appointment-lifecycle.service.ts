import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ConflictError, NotFoundError } from '../common/errors/domain-errors';
import { DomainEvents } from '../common/events/domain-events';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { OutboxService } from '../notifications/outbox.service';
import { TreatmentInput, TreatmentsService } from '../records/treatments.service';
import { AppointmentScope, AppointmentsRepository } from './appointments.repository';
import { clinicDateOf, clinicToday } from '../common/time/clinic-time';
import { AppointmentDto, toAppointmentDto } from './dto/appointment.dto';
import type { AppointmentEntity } from './entities/appointment.entity';

export type CancelledBy = 'patient' | 'doctor' | 'admin';

/**
 * Status moves of an existing appointment: booked → cancelled, booked →
 * completed (with its treatment), and edits of a completed one's treatment.
 * Each runs in one transaction on the row-locked appointment.
 */
@Injectable()
export class AppointmentLifecycleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly appointments: AppointmentsRepository,
    private readonly treatments: TreatmentsService,
    private readonly outbox: OutboxService,
    private readonly events: DomainEvents,
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

  /** A doctor cancels one of their own booked appointments, optionally saying why. */
  async cancelByDoctor(doctorId: string, appointmentId: string, reason?: string): Promise<AppointmentDto> {
    return this.cancel({ doctorId }, appointmentId, 'doctor', reason?.trim() || null, () => undefined);
  }

  private async cancel(
    scope: AppointmentScope,
    appointmentId: string,
    by: CancelledBy,
    reason: string | null,
    extraCheck: (a: AppointmentEntity) => void,
  ): Promise<AppointmentDto> {
    const { dto, entity } = await this.dataSource.transaction(async (em) => {
      const a = await this.lockBooked(em, appointmentId, scope);
      extraCheck(a);
      const sequence = a.sequence + 1;
      await this.appointments.update(em, a.id, {
        status: 'cancelled',
        sequence,
        cancelledAt: new Date(),
        cancelledBy: by,
        cancellationReason: reason,
      });
      await this.outbox.record(em, {
        kind: 'appointment.cancelled',
        aggregateId: a.id,
        dedupeKey: `appointment.cancelled:${a.id}:${sequence}`,
        payload: { by, reason },
      });
      return { dto: await this.load(em, a.id), entity: a };
    });
    await this.events.publish('appointment.cancelled', {
      appointmentId: entity.id,
      doctorId: entity.doctorId,
      patientId: entity.patientId,
      by,
    });
    return dto;
  }

  /** The doctor completes an own booked appointment on or after its clinic date, recording the treatment. */
  async complete(doctorId: string, appointmentId: string, input: TreatmentInput): Promise<AppointmentDto> {
    const { dto, entity } = await this.dataSource.transaction(async (em) => {
      const a = await this.lockBooked(em, appointmentId, { doctorId });
      const tz = this.config.clinicTimezone;
      if (clinicDateOf(a.startsAt, tz) > clinicToday(tz)) {
        throw new ConflictError(
          'appointment_not_due',
          `The appointment is on ${clinicDateOf(a.startsAt, tz)}; it can be completed from that day on`,
        );
      }
      await this.appointments.update(em, a.id, { status: 'completed', completedAt: new Date() });
      await this.treatments.record(em, a.id, input);
      await this.audit.record(
        { action: 'treatment.created', patientId: a.patientId, resource: { type: 'appointment', id: a.id } },
        em,
      );
      return { dto: await this.load(em, a.id), entity: a };
    });
    await this.events.publish('appointment.completed', {
      appointmentId: entity.id,
      doctorId: entity.doctorId,
      patientId: entity.patientId,
    });
    return dto;
  }

  /**
   * The appointment's doctor edits the treatment of a completed appointment:
   * the edit becomes the next version (the earlier ones stay as revisions).
   */
  async updateTreatment(doctorId: string, appointmentId: string, input: TreatmentInput): Promise<AppointmentDto> {
    const { dto, entity } = await this.dataSource.transaction(async (em) => {
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
      return { dto: await this.load(em, a.id), entity: a };
    });
    await this.events.publish('treatment.updated', {
      appointmentId: entity.id,
      doctorId: entity.doctorId,
      patientId: entity.patientId,
    });
    return dto;
  }

  private async lockBooked(em: EntityManager, id: string, scope: AppointmentScope): Promise<AppointmentEntity> {
    const a = await this.appointments.lockInScope(em, id, scope);
    if (!a) throw new NotFoundError('Appointment');
    if (a.status !== 'booked') {
      throw new ConflictError('appointment_not_booked', `The appointment is ${a.status}, not booked`);
    }
    return a;
  }

  private async load(em: EntityManager, id: string): Promise<AppointmentDto> {
    const entity = await this.appointments.findInScope(id, { all: true }, em);
    if (!entity) throw new NotFoundError('Appointment');
    return toAppointmentDto(entity);
  }
}
