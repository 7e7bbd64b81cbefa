import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AdminDashboard,
  Appointment,
  Doctor,
  Page,
  Patient,
  PatientDetails,
  Specialization,
} from '@hms/api-client';
import type { AppointmentStatus } from '@hms/shared';
import { Observable } from 'rxjs';
import { API_BASE } from '../../core/http/api';
import { queryParams } from '../../core/http/params';

const BASE = `${API_BASE}/admin`;

export interface PageQuery {
  page?: number;
  pageSize?: number;
}

export interface SpecializationInput {
  name: string;
  description: string;
}

export interface DoctorCreate {
  email: string;
  password: string;
  fullName: string;
  specializationId: string;
  qualification?: string;
  experienceYears?: number;
}

export type DoctorUpdate = Partial<Omit<DoctorCreate, 'email' | 'password'>> & { active?: boolean };

export interface PatientUpdate {
  fullName?: string;
  phone?: string;
  dateOfBirth?: string;
  active?: boolean;
}

export interface AppointmentFilter extends PageQuery {
  status?: AppointmentStatus | '';
  doctorId?: string;
  patientId?: string;
  from?: string;
  to?: string;
}

@Injectable({ providedIn: 'root' })
export class AdminDashboardApi {
  private readonly http = inject(HttpClient);

  counts(): Observable<AdminDashboard> {
    return this.http.get<AdminDashboard>(`${BASE}/dashboard`);
  }
}

@Injectable({ providedIn: 'root' })
export class SpecializationsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<Specialization[]> {
    return this.http.get<Specialization[]>(`${BASE}/specializations`);
  }

  create(body: SpecializationInput): Observable<Specialization> {
    return this.http.post<Specialization>(`${BASE}/specializations`, body);
  }

  update(id: string, body: Partial<SpecializationInput>): Observable<Specialization> {
    return this.http.patch<Specialization>(`${BASE}/specializations/${encodeURIComponent(id)}`, body);
  }

  remove(id: string): Observable<unknown> {
    return this.http.delete(`${BASE}/specializations/${encodeURIComponent(id)}`);
  }
}

@Injectable({ providedIn: 'root' })
export class AdminDoctorsApi {
  private readonly http = inject(HttpClient);

  list(
    filter: PageQuery & { search?: string; specializationId?: string; active?: boolean | '' },
  ): Observable<Page<Doctor>> {
    return this.http.get<Page<Doctor>>(`${BASE}/doctors`, { params: queryParams(filter) });
  }

  get(id: string): Observable<Doctor> {
    return this.http.get<Doctor>(`${BASE}/doctors/${encodeURIComponent(id)}`);
  }

  create(body: DoctorCreate): Observable<Doctor> {
    return this.http.post<Doctor>(`${BASE}/doctors`, body);
  }

  update(id: string, body: DoctorUpdate): Observable<Doctor> {
    return this.http.patch<Doctor>(`${BASE}/doctors/${encodeURIComponent(id)}`, body);
  }
}

@Injectable({ providedIn: 'root' })
export class AdminPatientsApi {
  private readonly http = inject(HttpClient);

  list(filter: PageQuery & { search?: string; active?: boolean | '' }): Observable<Page<Patient>> {
    return this.http.get<Page<Patient>>(`${BASE}/patients`, { params: queryParams(filter) });
  }

  get(id: string): Observable<PatientDetails> {
    return this.http.get<PatientDetails>(`${BASE}/patients/${encodeURIComponent(id)}`);
  }

  update(id: string, body: PatientUpdate): Observable<Patient> {
    return this.http.patch<Patient>(`${BASE}/patients/${encodeURIComponent(id)}`, body);
  }
}

@Injectable({ providedIn: 'root' })
export class AdminAppointmentsApi {
  private readonly http = inject(HttpClient);

  list(filter: AppointmentFilter): Observable<Page<Appointment>> {
    return this.http.get<Page<Appointment>>(`${BASE}/appointments`, { params: queryParams({ ...filter }) });
  }
}
