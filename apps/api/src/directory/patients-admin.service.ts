import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { assertDateOfBirthNotInFuture } from './date-of-birth';
import { AuditService } from '../audit/audit.service';
import { UserStatusService } from '../auth/user-status.service';
import { UsersRepository } from '../auth/users.repository';
import { NotFoundError } from '../common/errors/domain-errors';
import { UnitOfWork } from '../common/events/unit-of-work';
import { Page, PageRequest, toPage } from '../common/http/pagination';
import { toAppointmentDto } from '../scheduling/dto/appointment.dto';
import { PatientDto, toPatientDto } from './dto/directory.dto';
import { PatientDetailsDto } from './dto/patient-details.dto';
import { PatientHistoryQuery } from './patient-history.query';
import { PatientFilter, PatientPatch, PatientsRepository } from './patients.repository';

export interface PatientUpdateInput {
  fullName?: string;
  phone?: string | null;
  dateOfBirth?: string | null;
  active?: boolean;
}

/** Admin management of patients: search, read with history, edit, blacklist. */
@Injectable()
export class PatientsAdminService {
  constructor(
    private readonly patients: PatientsRepository,
    private readonly history: PatientHistoryQuery,
    private readonly users: UsersRepository,
    private readonly userStatus: UserStatusService,
    private readonly unit: UnitOfWork,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(filter: PatientFilter, page: PageRequest): Promise<Page<PatientDto>> {
    const [rows, total] = await this.patients.search(filter, page);
    return toPage(rows.map(toPatientDto), total, page);
  }

  /** The patient with every appointment and treatment: an audited read of their record. */
  async get(id: string): Promise<PatientDetailsDto> {
    const details = await this.load(id);
    await this.audit.record({ action: 'patient.details.read', patientId: id, resource: { type: 'patient', id } });
    return details;
  }

  private async load(id: string): Promise<PatientDetailsDto> {
    const patient = await this.patients.findById(id);
    if (!patient) throw new NotFoundError('Patient');
    const appointments = await this.history.appointmentsOf(id);
    return { ...toPatientDto(patient), appointments: appointments.map(toAppointmentDto) };
  }

  /** Edits the profile; `active: false` blacklists (no login, tokens cut off), `active: true` restores. */
  async update(id: string, input: PatientUpdateInput): Promise<PatientDetailsDto> {
    assertDateOfBirthNotInFuture(input.dateOfBirth, this.config.clinicTimezone);
    const userId = await this.unit.run(async ({ em, record }) => {
      const patient = await this.patients.findById(id, em);
      if (!patient) throw new NotFoundError('Patient');
      await this.patients.update(id, profilePatch(input), em);
      if (input.active !== undefined) await this.users.setActive(patient.userId, input.active, em);
      await this.audit.record({ action: 'patient.updated', patientId: id, resource: { type: 'patient', id } }, em);
      if (input.active !== undefined && input.active !== patient.user?.active) {
        await this.audit.security(
          input.active ? 'user.reactivated' : 'user.deactivated',
          { patientId: id, resource: { type: 'user', id: patient.userId } },
          em,
        );
      }
      if (input.active === false) record('user.deactivated', { userId: patient.userId });
      record('patient.changed', { patientId: id });
      return patient.userId;
    });
    // The remembered "inactive" answer would refuse the restored account's new tokens for a few seconds.
    if (input.active === true) this.userStatus.forget(userId);
    return this.load(id);
  }
}

export function profilePatch(input: {
  fullName?: string;
  phone?: string | null;
  dateOfBirth?: string | null;
}): PatientPatch {
  const patch: PatientPatch = {};
  if (input.fullName !== undefined) patch.fullName = input.fullName;
  if (input.phone !== undefined) patch.phone = input.phone;
  if (input.dateOfBirth !== undefined) patch.dateOfBirth = input.dateOfBirth;
  return patch;
}
