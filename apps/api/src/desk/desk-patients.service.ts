import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { PasswordLifecycleService } from '../auth/password-lifecycle.service';
import { UsersRepository } from '../auth/users.repository';
import { ConflictError, NotFoundError } from '../common/errors/domain-errors';
import { UnitOfWork } from '../common/events/unit-of-work';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isUniqueViolation } from '../database/pg-errors';
import { assertDateOfBirthNotInFuture } from '../directory/date-of-birth';
import { PatientHistoryQuery } from '../directory/patient-history.query';
import { PatientsRepository } from '../directory/patients.repository';
import type { AppointmentEntity } from '../scheduling/entities/appointment.entity';
import { isNoLoginEmail, NO_LOGIN_DOMAIN, toDeskPatientDto } from './desk.service';
import { DeskAppointmentDto, DeskPatientDetailsDto, DeskPatientDto } from './dto/desk.dto';

const emailTaken = () => new ConflictError('email_taken', 'An account with this email already exists');

function entityToDeskAppointment(a: AppointmentEntity): DeskAppointmentDto {
  return {
    id: a.id,
    doctor: { id: a.doctor!.id, fullName: a.doctor!.fullName, specialization: a.doctor!.specialization!.name },
    patient: { id: a.patient!.id, fullName: a.patient!.fullName },
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    status: a.status,
    reason: a.reason,
    ...(a.cancelledBy ? { cancelledBy: a.cancelledBy } : {}),
    ...(a.cancellationReason ? { cancelReason: a.cancellationReason } : {}),
    ...(a.checkedInAt ? { checkedInAt: a.checkedInAt.toISOString() } : {}),
    createdAt: a.createdAt.toISOString(),
  };
}

/**
 * Patients at the front desk: finding them, their demographics and visits
 * (never clinical text), and registering walk-ins. Every read and
 * registration is audited with the receptionist as actor.
 */
@Injectable()
export class DeskPatientsService {
  constructor(
    private readonly patients: PatientsRepository,
    private readonly history: PatientHistoryQuery,
    private readonly users: UsersRepository,
    private readonly passwordLinks: PasswordLifecycleService,
    private readonly unit: UnitOfWork,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Patients matching a name, phone, email or date of birth, by name (at most 50). */
  async searchPatients(search: string): Promise<DeskPatientDto[]> {
    const [rows] = await this.patients.search({ search }, { page: 1, pageSize: 50, offset: 0 });
    return rows.map(toDeskPatientDto);
  }

  /** Demographics and every appointment (latest first), without clinical text; the read is audited. */
  async patient(id: string): Promise<DeskPatientDetailsDto> {
    const patient = await this.patients.findById(id);
    if (!patient) throw new NotFoundError('Patient');
    const appointments = await this.history.appointmentsOf(id);
    await this.audit.record({ action: 'desk.patient.read', patientId: id, resource: { type: 'patient', id } });
    return { ...toDeskPatientDto(patient), appointments: appointments.map(entityToDeskAppointment) };
  }

  /**
   * Registers a patient who walks in or phones. With an email the patient is
   * emailed an invitation to set a password; without one the record has no
   * sign-in. 409 `email_taken` when the email has an account.
   */
  async registerWalkIn(input: {
    fullName: string;
    dateOfBirth: string;
    phone: string;
    email?: string;
  }): Promise<DeskPatientDto> {
    const tz = this.config.clinicTimezone;
    assertDateOfBirthNotInFuture(input.dateOfBirth, tz);
    const email = input.email ?? `walk-in-${randomUUID()}@${NO_LOGIN_DOMAIN}`;
    if (input.email !== undefined && (isNoLoginEmail(input.email) || (await this.users.findByEmail(input.email)))) {
      throw emailTaken();
    }
    const passwordHash = await this.passwordLinks.initialPasswordHash();
    let created: { patientId: string; userId: string };
    try {
      created = await this.unit.run(async ({ em, record }) => {
        const user = await this.users.create({ email, passwordHash, role: 'patient' }, em);
        const patient = await this.patients.create(
          { userId: user.id, fullName: input.fullName, dateOfBirth: input.dateOfBirth, phone: input.phone },
          em,
        );
        if (input.email !== undefined) await this.passwordLinks.issueLink(user.id, 'invite', em);
        await this.audit.record(
          {
            action: 'desk.patient.registered',
            patientId: patient.id,
            resource: { type: 'patient', id: patient.id },
            details: { invited: input.email !== undefined },
          },
          em,
        );
        if (input.email !== undefined) record('account.mail', { userId: user.id });
        return { patientId: patient.id, userId: user.id };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
    const patient = await this.patients.findById(created.patientId);
    if (!patient) throw new NotFoundError('Patient');
    return toDeskPatientDto(patient);
  }
}
