import { HttpClient, HttpHeaders } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Appointment, Doctor, Patient, PatientDashboard, Slot, Specialization } from '@hms/api-client';
import type { PatientAppointmentScope } from '@hms/shared';
import { Observable } from 'rxjs';
import { API_BASE } from '../../core/http/api';
import { queryParams } from '../../core/http/params';

const BASE = `${API_BASE}/patient`;

export interface BookingRequest {
  doctorId: string;
  startsAt: string;
  reason?: string;
}

export interface ProfileUpdate {
  fullName?: string;
  phone?: string;
  dateOfBirth?: string;
}

/** Finding doctors and their free times. */
@Injectable({ providedIn: 'root' })
export class PatientDirectoryApi {
  private readonly http = inject(HttpClient);

  specializations(): Observable<Specialization[]> {
    return this.http.get<Specialization[]>(`${BASE}/specializations`);
  }

  doctors(filter: { specializationId?: string; search?: string }): Observable<Doctor[]> {
    return this.http.get<Doctor[]>(`${BASE}/doctors`, { params: queryParams(filter) });
  }

  doctor(id: string): Observable<Doctor> {
    return this.http.get<Doctor>(`${BASE}/doctors/${encodeURIComponent(id)}`);
  }

  slots(doctorId: string, range: { from?: string; to?: string } = {}): Observable<Slot[]> {
    return this.http.get<Slot[]>(`${BASE}/doctors/${encodeURIComponent(doctorId)}/availability`, {
      params: queryParams(range),
    });
  }
}

/** The patient's own appointments: book, list, cancel, reschedule, treatments. */
@Injectable({ providedIn: 'root' })
export class PatientAppointmentsApi {
  private readonly http = inject(HttpClient);

  dashboard(): Observable<PatientDashboard> {
    return this.http.get<PatientDashboard>(`${BASE}/dashboard`);
  }

  /** The idempotency key makes a retried request (same key, same body) book only once. */
  book(body: BookingRequest, idempotencyKey: string): Observable<Appointment> {
    return this.http.post<Appointment>(`${BASE}/appointments`, body, {
      headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
    });
  }

  list(scope: PatientAppointmentScope): Observable<Appointment[]> {
    return this.http.get<Appointment[]>(`${BASE}/appointments`, { params: queryParams({ scope }) });
  }

  get(id: string): Observable<Appointment> {
    return this.http.get<Appointment>(`${BASE}/appointments/${encodeURIComponent(id)}`);
  }

  cancel(id: string): Observable<Appointment> {
    return this.http.post<Appointment>(`${BASE}/appointments/${encodeURIComponent(id)}/cancel`, {});
  }

  reschedule(id: string, startsAt: string): Observable<Appointment> {
    return this.http.post<Appointment>(`${BASE}/appointments/${encodeURIComponent(id)}/reschedule`, { startsAt });
  }

  treatments(): Observable<Appointment[]> {
    return this.http.get<Appointment[]>(`${BASE}/treatments`);
  }
}

/** The patient's own profile. */
@Injectable({ providedIn: 'root' })
export class PatientProfileApi {
  private readonly http = inject(HttpClient);

  get(): Observable<Patient> {
    return this.http.get<Patient>(`${BASE}/profile`);
  }

  update(body: ProfileUpdate): Observable<Patient> {
    return this.http.patch<Patient>(`${BASE}/profile`, body);
  }
}

/** Lists come either as an array or as a page; screens want the array. */
export function itemsOf<T>(value: T[] | { items: T[] }): T[] {
  return Array.isArray(value) ? value : value.items;
}
