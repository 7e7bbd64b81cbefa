import { inject, Injectable } from '@angular/core';
import {
  DoctorClient,
  type Appointment,
  type AvailabilityWindow,
  type CreateTimeOffDto,
  type DoctorDashboard,
  type PutScheduleDto,
  type ScheduleDto,
  type TimeOffDto,
  type DoctorPatient,
  type PatientHistoryEntryDto,
  type Page,
  type PublishWindowDto,
  type TreatmentBodyDto,
} from '@hms/api-client';
import { PAGE_SIZE_MAX, type AppointmentStatus, type DoctorAppointmentScope } from '@hms/shared';
import { map, Observable } from 'rxjs';

export type TreatmentInput = TreatmentBodyDto;
export type NewWindow = PublishWindowDto;

/** The doctor's day, week and visits. */
@Injectable({ providedIn: 'root' })
export class DoctorScheduleApi {
  private readonly client = inject(DoctorClient);

  dashboard(): Observable<DoctorDashboard> {
    return this.client.doctorAppointmentsDashboard();
  }

  appointments(scope: DoctorAppointmentScope, status?: AppointmentStatus): Observable<Appointment[]> {
    return this.client
      .doctorAppointmentsList({ scope, status, pageSize: PAGE_SIZE_MAX })
      .pipe(map((page) => page.items));
  }

  /** One page of own appointments in this scope, in the order asked (asc: soonest first). */
  page(query: {
    scope: DoctorAppointmentScope;
    order: 'asc' | 'desc';
    page: number;
    pageSize: number;
    status?: AppointmentStatus;
  }): Observable<Page<Appointment>> {
    return this.client.doctorAppointmentsList(query);
  }

  complete(id: string, body: TreatmentInput): Observable<Appointment> {
    return this.client.doctorAppointmentsComplete({ id, body });
  }

  cancel(id: string, reason?: string): Observable<Appointment> {
    return this.client.doctorAppointmentsCancel({ id, body: reason ? { reason } : {} });
  }

  checkIn(id: string): Observable<Appointment> {
    return this.client.doctorAppointmentsCheckIn({ id });
  }

  noShow(id: string): Observable<Appointment> {
    return this.client.doctorAppointmentsNoShow({ id });
  }

  updateTreatment(id: string, body: TreatmentInput): Observable<Appointment> {
    return this.client.doctorAppointmentsUpdateTreatment({ id, body });
  }
}

/** The doctor's published availability windows. */
@Injectable({ providedIn: 'root' })
export class DoctorAvailabilityApi {
  private readonly client = inject(DoctorClient);

  list(from: string, to: string): Observable<AvailabilityWindow[]> {
    return this.client.doctorAvailabilityList({ from, to });
  }

  add(body: NewWindow): Observable<AvailabilityWindow> {
    return this.client.doctorAvailabilityPublish({ body });
  }

  remove(id: string): Observable<void> {
    return this.client.doctorAvailabilityRemove({ id });
  }
}

/** Patients the doctor has or had appointments with. */
@Injectable({ providedIn: 'root' })
export class DoctorPatientsApi {
  private readonly client = inject(DoctorClient);

  /** One page of the patients in care, by name; `search` matches part of a name or email on the server. */
  list(query: { search?: string; page: number; pageSize: number }): Observable<Page<DoctorPatient>> {
    return this.client.doctorPatientsList(query);
  }

  history(patientId: string): Observable<PatientHistoryEntryDto[]> {
    return this.client.doctorPatientsHistory({ patientId, pageSize: PAGE_SIZE_MAX }).pipe(map((page) => page.items));
  }
}

/** The doctor's weekly template and time off. */
@Injectable({ providedIn: 'root' })
export class DoctorWeekApi {
  private readonly client = inject(DoctorClient);

  schedule(): Observable<ScheduleDto> {
    return this.client.doctorScheduleGet();
  }

  saveSchedule(body: PutScheduleDto): Observable<ScheduleDto> {
    return this.client.doctorSchedulePut({ body });
  }

  timeOff(from: string, to: string): Observable<TimeOffDto[]> {
    return this.client.doctorScheduleListTimeOff({ from, to });
  }

  addTimeOff(body: CreateTimeOffDto): Observable<TimeOffDto> {
    return this.client.doctorScheduleAddTimeOff({ body });
  }

  removeTimeOff(id: string): Observable<void> {
    return this.client.doctorScheduleRemoveTimeOff({ id });
  }
}
