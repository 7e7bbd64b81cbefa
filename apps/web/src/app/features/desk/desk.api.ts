import { inject, Injectable } from '@angular/core';
import {
  AdminClient,
  DeskClient,
  type DeskAppointmentDto as DeskAppointment,
  type DeskDayDto as DeskDay,
  type DeskPatientDto as DeskPatient,
  type DeskPatientDetailsDto as DeskPatientDetails,
  type InviteStaffDto,
  type RegisterWalkInDto,
  type StaffMemberDto as StaffMember,
} from '@hms/api-client';
import { Observable } from 'rxjs';

export type { DeskAppointment, DeskDay, DeskPatient, DeskPatientDetails, StaffMember };
export type WalkInInput = RegisterWalkInDto;

/** The front desk's routes (/desk). */
@Injectable({ providedIn: 'root' })
export class DeskApi {
  private readonly client = inject(DeskClient);

  day(date: string): Observable<DeskDay> {
    return this.client.deskDay({ date });
  }

  searchPatients(search: string): Observable<DeskPatient[]> {
    return this.client.deskPatients({ search });
  }

  patient(id: string): Observable<DeskPatientDetails> {
    return this.client.deskPatient({ id });
  }

  register(body: WalkInInput): Observable<DeskPatient> {
    return this.client.deskRegister({ body });
  }

  book(
    body: { patientId: string; doctorId: string; startsAt: string; reason?: string },
    idempotencyKey: string,
  ): Observable<DeskAppointment> {
    return this.client.deskBook({ body, 'Idempotency-Key': idempotencyKey });
  }

  reschedule(id: string, startsAt: string): Observable<DeskAppointment> {
    return this.client.deskReschedule({ id, body: { startsAt } });
  }

  cancel(id: string, reason: string): Observable<DeskAppointment> {
    return this.client.deskCancel({ id, body: { reason } });
  }

  checkIn(id: string): Observable<DeskAppointment> {
    return this.client.deskCheckIn({ id });
  }
}

/** The admin's staff accounts (/admin/staff). */
@Injectable({ providedIn: 'root' })
export class StaffApi {
  private readonly client = inject(AdminClient);

  list(): Observable<StaffMember[]> {
    return this.client.adminStaffList();
  }

  invite(body: InviteStaffDto): Observable<StaffMember> {
    return this.client.adminStaffInvite({ body });
  }

  setActive(id: string, active: boolean): Observable<StaffMember> {
    return this.client.adminStaffUpdate({ id, body: { active } });
  }
}
