import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Appointment, AvailabilityWindow, DoctorDashboard, Patient } from '@hms/api-client';
import type { AppointmentStatus, DoctorAppointmentScope } from '@hms/shared';
import { Observable } from 'rxjs';
import { API_BASE } from '../../core/http/api';
import { queryParams } from '../../core/http/params';

const BASE = `${API_BASE}/doctor`;

export interface TreatmentInput {
  diagnosis: string;
  prescription?: string;
  notes?: string;
}

export interface NewWindow {
  date: string;
  startTime: string;
  endTime: string;
  slotMinutes?: number;
}

/** The doctor's day, week and visits. */
@Injectable({ providedIn: 'root' })
export class DoctorScheduleApi {
  private readonly http = inject(HttpClient);

  dashboard(): Observable<DoctorDashboard> {
    return this.http.get<DoctorDashboard>(`${BASE}/dashboard`);
  }

  appointments(scope: DoctorAppointmentScope, status?: AppointmentStatus): Observable<Appointment[]> {
    return this.http.get<Appointment[]>(`${BASE}/appointments`, { params: queryParams({ scope, status }) });
  }

  complete(id: string, body: TreatmentInput): Observable<Appointment> {
    return this.http.post<Appointment>(`${BASE}/appointments/${encodeURIComponent(id)}/complete`, body);
  }

  cancel(id: string, reason?: string): Observable<Appointment> {
    return this.http.post<Appointment>(
      `${BASE}/appointments/${encodeURIComponent(id)}/cancel`,
      reason ? { reason } : {},
    );
  }

  updateTreatment(id: string, body: TreatmentInput): Observable<unknown> {
    return this.http.put(`${BASE}/appointments/${encodeURIComponent(id)}/treatment`, body);
  }
}

/** The doctor's published availability windows. */
@Injectable({ providedIn: 'root' })
export class DoctorAvailabilityApi {
  private readonly http = inject(HttpClient);

  list(from: string, to: string): Observable<AvailabilityWindow[]> {
    return this.http.get<AvailabilityWindow[]>(`${BASE}/availability`, { params: queryParams({ from, to }) });
  }

  add(body: NewWindow): Observable<AvailabilityWindow> {
    return this.http.post<AvailabilityWindow>(`${BASE}/availability`, body);
  }

  remove(id: string): Observable<unknown> {
    return this.http.delete(`${BASE}/availability/${encodeURIComponent(id)}`);
  }
}

/** Patients the doctor has or had appointments with. */
@Injectable({ providedIn: 'root' })
export class DoctorPatientsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<Patient[]> {
    return this.http.get<Patient[]>(`${BASE}/patients`);
  }

  history(patientId: string): Observable<Appointment[]> {
    return this.http.get<Appointment[]>(`${BASE}/patients/${encodeURIComponent(patientId)}/history`);
  }
}
