import { inject, Injectable } from '@angular/core';
import {
  PatientClient,
  type Appointment,
  type AccessLogEntry,
  type Page,
  type PublicDoctor,
  type Patient,
  type PatientDashboard,
  type PatientDoctorListItemDto,
  type Slot,
  type Specialization,
  type UpdatePatientProfileDto,
  type WaitlistEntryDto,
  type WaitlistOfferDto,
} from '@hms/api-client';
import { PAGE_SIZE_MAX, type PatientAppointmentScope } from '@hms/shared';
import { map, Observable } from 'rxjs';

export interface BookingRequest {
  doctorId: string;
  startsAt: string;
  reason?: string;
}

export type ProfileUpdate = UpdatePatientProfileDto;

/** Finding doctors and their free times. */
@Injectable({ providedIn: 'root' })
export class PatientDirectoryApi {
  private readonly client = inject(PatientClient);

  specializations(): Observable<Specialization[]> {
    return this.client.patientDirectoryListSpecializations();
  }

  /** Active doctors matching the doctor's or the department's name, each with `nextFreeAt`. */
  doctors(filter: { specializationId?: string; search?: string }): Observable<PatientDoctorListItemDto[]> {
    return this.client
      .patientDirectoryListDoctors({ ...filter, pageSize: PAGE_SIZE_MAX })
      .pipe(map((page) => page.items));
  }

  doctor(id: string): Observable<PublicDoctor> {
    return this.client.patientDirectoryGetDoctor({ id });
  }

  slots(doctorId: string, range: { from?: string; to?: string } = {}): Observable<Slot[]> {
    return this.client.patientAppointmentsSlotsOf({ id: doctorId, ...range });
  }
}

/** The patient's own appointments: book, list, cancel, reschedule, treatments. */
@Injectable({ providedIn: 'root' })
export class PatientAppointmentsApi {
  private readonly client = inject(PatientClient);

  dashboard(): Observable<PatientDashboard> {
    return this.client.patientAppointmentsDashboard();
  }

  /** The idempotency key makes a retried request (same key, same body) book only once. */
  book(body: BookingRequest, idempotencyKey: string): Observable<Appointment> {
    return this.client.patientAppointmentsBook({ 'Idempotency-Key': idempotencyKey, body });
  }

  /** Every own appointment (the page splits them by time). */
  all(): Observable<Appointment[]> {
    return this.client.patientAppointmentsList({ pageSize: PAGE_SIZE_MAX }).pipe(map((page) => page.items));
  }

  list(scope: PatientAppointmentScope): Observable<Appointment[]> {
    return this.client.patientAppointmentsList({ scope, pageSize: PAGE_SIZE_MAX }).pipe(map((page) => page.items));
  }

  get(id: string): Observable<Appointment> {
    return this.client.patientAppointmentsOne({ id });
  }

  cancel(id: string): Observable<Appointment> {
    return this.client.patientAppointmentsCancel({ id });
  }

  reschedule(id: string, startsAt: string): Observable<Appointment> {
    return this.client.patientAppointmentsReschedule({ id, body: { startsAt } });
  }

  treatments(): Observable<Appointment[]> {
    return this.client.patientAppointmentsTreatments({ pageSize: PAGE_SIZE_MAX }).pipe(map((page) => page.items));
  }
}

/** Who read or changed the patient's record (their own actions left out). */
@Injectable({ providedIn: 'root' })
export class PatientAccessLogApi {
  private readonly client = inject(PatientClient);

  page(page: number, pageSize: number): Observable<Page<AccessLogEntry>> {
    return this.client.patientAccessLogList({ page, pageSize });
  }
}

/** The patient's own profile. */
@Injectable({ providedIn: 'root' })
export class PatientProfileApi {
  private readonly client = inject(PatientClient);

  get(): Observable<Patient> {
    return this.client.patientDirectoryGetProfile();
  }

  update(body: ProfileUpdate): Observable<Patient> {
    return this.client.patientDirectoryUpdateProfile({ body });
  }
}

/** The patient's waitlist entries and the offers of freed times. */
@Injectable({ providedIn: 'root' })
export class PatientWaitlistApi {
  private readonly client = inject(PatientClient);

  entries(): Observable<WaitlistEntryDto[]> {
    return this.client.patientWaitlistList();
  }

  join(doctorId: string, from: string, to: string): Observable<WaitlistEntryDto> {
    return this.client.patientWaitlistJoin({ body: { doctorId, from, to } });
  }

  leave(id: string): Observable<void> {
    return this.client.patientWaitlistLeave({ id });
  }

  offers(): Observable<WaitlistOfferDto[]> {
    return this.client.patientWaitlistOffers();
  }

  accept(id: string): Observable<Appointment> {
    return this.client.patientWaitlistAccept({ id });
  }

  decline(id: string): Observable<void> {
    return this.client.patientWaitlistDecline({ id });
  }
}
