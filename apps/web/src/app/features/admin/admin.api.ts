import { inject, Injectable } from '@angular/core';
import {
  AdminClient,
  ExportsClient,
  type AdminDashboard,
  type Appointment,
  type AuditEvent,
  type Job,
  type CreateDoctorDto,
  type CreateSpecializationDto,
  type Doctor,
  type Page,
  type Patient,
  type PatientDetails,
  type Specialization,
  type UpdateDoctorDto,
  type UpdatePatientDto,
  type UpdateSpecializationDto,
} from '@hms/api-client';
import type { AppointmentStatus, AuditAction } from '@hms/shared';
import { Observable } from 'rxjs';

export interface PageQuery {
  page?: number;
  pageSize?: number;
}

export type SpecializationInput = CreateSpecializationDto;
export type DoctorCreate = CreateDoctorDto;
export type DoctorUpdate = UpdateDoctorDto;
export type PatientUpdate = UpdatePatientDto;

export interface AppointmentFilter extends PageQuery {
  status?: AppointmentStatus;
  doctorId?: string;
  patientId?: string;
  specializationId?: string;
  /** Part of the doctor's or the patient's name. */
  search?: string;
  /** Clinic dates, inclusive. */
  from?: string;
  to?: string;
  scope?: 'upcoming' | 'past';
  /** asc: soonest first; desc: latest first. */
  order?: 'asc' | 'desc';
}

@Injectable({ providedIn: 'root' })
export class AdminDashboardApi {
  private readonly client = inject(AdminClient);

  counts(): Observable<AdminDashboard> {
    return this.client.adminDashboardGet();
  }
}

@Injectable({ providedIn: 'root' })
export class SpecializationsApi {
  private readonly client = inject(AdminClient);

  list(): Observable<Specialization[]> {
    return this.client.adminSpecializationsList();
  }

  create(body: SpecializationInput): Observable<Specialization> {
    return this.client.adminSpecializationsCreate({ body });
  }

  update(id: string, body: UpdateSpecializationDto): Observable<Specialization> {
    return this.client.adminSpecializationsUpdate({ id, body });
  }

  remove(id: string): Observable<void> {
    return this.client.adminSpecializationsDelete({ id });
  }
}

@Injectable({ providedIn: 'root' })
export class AdminDoctorsApi {
  private readonly client = inject(AdminClient);

  list(filter: PageQuery & { search?: string; specializationId?: string; active?: boolean }): Observable<Page<Doctor>> {
    return this.client.adminDoctorsList(filter);
  }

  get(id: string): Observable<Doctor> {
    return this.client.adminDoctorsGet({ id });
  }

  create(body: DoctorCreate): Observable<Doctor> {
    return this.client.adminDoctorsCreate({ body });
  }

  update(id: string, body: DoctorUpdate): Observable<Doctor> {
    return this.client.adminDoctorsUpdate({ id, body });
  }
}

@Injectable({ providedIn: 'root' })
export class AdminPatientsApi {
  private readonly client = inject(AdminClient);

  list(filter: PageQuery & { search?: string; active?: boolean }): Observable<Page<Patient>> {
    return this.client.adminPatientsList(filter);
  }

  get(id: string): Observable<PatientDetails> {
    return this.client.adminPatientsGet({ id });
  }

  update(id: string, body: PatientUpdate): Observable<PatientDetails> {
    return this.client.adminPatientsUpdate({ id, body });
  }
}

export interface AuditFilter extends PageQuery {
  patientId?: string;
  actorId?: string;
  action?: AuditAction;
  from?: string;
  to?: string;
}

@Injectable({ providedIn: 'root' })
export class AdminAuditApi {
  private readonly client = inject(AdminClient);
  private readonly exports = inject(ExportsClient);

  list(filter: AuditFilter): Observable<Page<AuditEvent>> {
    return this.client.adminAuditList(filter);
  }

  /** Queues a CSV export of the events matching the filter (without paging). */
  exportCsv(filter: Omit<AuditFilter, 'page' | 'pageSize'>): Observable<Job> {
    return this.exports.auditExportsCreateAuditExport({ body: filter });
  }
}

@Injectable({ providedIn: 'root' })
export class AdminAppointmentsApi {
  private readonly client = inject(AdminClient);

  list(filter: AppointmentFilter): Observable<Page<Appointment>> {
    return this.client.adminAppointmentsList(filter);
  }

  checkIn(id: string): Observable<Appointment> {
    return this.client.adminAppointmentsCheckIn({ id });
  }

  cancel(id: string, reason: string): Observable<Appointment> {
    return this.client.adminAppointmentsCancel({ id, body: { reason } });
  }
}
