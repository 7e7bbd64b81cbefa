import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/errors/domain-errors';
import { clinicDayRange, clinicToday } from '../common/time/clinic-time';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { PatientEntity } from '../directory/entities/patient.entity';
import { PatientsRepository } from '../directory/patients.repository';
import { AppointmentLifecycleService } from '../scheduling/appointment-lifecycle.service';
import { BookingService, type BookingResult } from '../scheduling/booking.service';
import type { AppointmentDto } from '../scheduling/dto/appointment.dto';
import { SlotsService } from '../scheduling/slots.service';
import { DeskRepository } from './desk.repository';
import { DeskAppointmentDto, DeskDayDto, DeskPatientDto, DeskSlotDto, type DeskSlotStatus } from './dto/desk.dto';

/**
 * The login of a patient registered at the desk without an email: a reserved,
 * never deliverable address (RFC 2606 `.invalid`) under a password nobody
 * knows, so the patient has a record but no sign-in and is sent no email.
 */
export const NO_LOGIN_DOMAIN = 'no-login.invalid';

export function isNoLoginEmail(email: string): boolean {
  return email.endsWith(`@${NO_LOGIN_DOMAIN}`);
}

export function toDeskPatientDto(p: PatientEntity): DeskPatientDto {
  if (!p.user) throw new Error('toDeskPatientDto needs user loaded');
  return {
    id: p.id,
    fullName: p.fullName,
    email: isNoLoginEmail(p.user.email) ? null : p.user.email,
    dateOfBirth: p.dateOfBirth,
    phone: p.phone,
    active: p.user.active,
  };
}

/** The desk's view of an appointment: picks the visit's fields, so no treatment can slip through. */
export function toDeskAppointmentDto(a: AppointmentDto): DeskAppointmentDto {
  return {
    id: a.id,
    doctor: { id: a.doctor.id, fullName: a.doctor.fullName, specialization: a.doctor.specialization },
    patient: { id: a.patient.id, fullName: a.patient.fullName },
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    status: a.status,
    reason: a.reason,
    ...(a.cancelledBy ? { cancelledBy: a.cancelledBy } : {}),
    ...(a.cancelReason ? { cancelReason: a.cancelReason } : {}),
    ...(a.checkedInAt ? { checkedInAt: a.checkedInAt } : {}),
    createdAt: a.createdAt,
  };
}

const overlaps = (a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }) =>
  a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();

/**
 * The front desk: the day grid across doctors, and booking, moving,
 * cancelling and checking in for patients through the same booking and
 * lifecycle services as everyone else (patients: `DeskPatientsService`). Every action is
 * audited with the receptionist as actor; nothing here reads clinical text.
 */
@Injectable()
export class DeskService {
  constructor(
    private readonly desk: DeskRepository,
    private readonly slots: SlotsService,
    private readonly booking: BookingService,
    private readonly lifecycle: AppointmentLifecycleService,
    private readonly patients: PatientsRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * One column per doctor, one entry per slot of the day as the slot service
   * plans it (the same template, dated windows, buffer and time off as
   * availability), each marked with the visit in it or free/held. A visit
   * outside today's plan (the schedule changed after booking) is shown too.
   */
  async day(
    query: { date?: string; specializationId?: string; doctorId?: string },
    now = new Date(),
  ): Promise<DeskDayDto> {
    const tz = this.config.clinicTimezone;
    const date = query.date ?? clinicToday(tz, now);
    const range = clinicDayRange(date, tz);
    const doctors = await this.desk.activeDoctors(query);
    const ids = doctors.map((d) => d.id);
    const [visits, held] = await Promise.all([
      this.desk.visits(ids, range.start, range.end),
      this.desk.heldOffers(ids, range.start, range.end),
    ]);
    const columns = await Promise.all(
      doctors.map(async (doctor) => {
        const [planned, free] = await Promise.all([
          this.slots.plannedSlots(doctor.id, date, date),
          this.slots.freeSlots(doctor.id, date, date, now),
        ]);
        const freeStarts = new Set(free.map((s) => s.startsAt.getTime()));
        const own = visits.filter((v) => v.doctorId === doctor.id);
        const holds = held.filter((h) => h.doctorId === doctor.id);
        const used = new Set<string>();
        const slots: DeskSlotDto[] = planned
          .filter((s) => s.startsAt >= range.start && s.startsAt < range.end)
          .map((slot) => {
            // An occupying visit first, else the latest finished one (completed, no-show) in the slot.
            const inSlot = own.filter((v) => overlaps(v, slot));
            const visit =
              inSlot.find((v) => v.status === 'booked' || v.status === 'checked_in') ?? inSlot[inSlot.length - 1];
            if (visit) {
              used.add(visit.id);
              return {
                startsAt: slot.startsAt.toISOString(),
                endsAt: slot.endsAt.toISOString(),
                status: visit.status as DeskSlotStatus,
                bookable: false,
                appointment: { id: visit.id, patient: visit.patient, reason: visit.reason },
              };
            }
            const isHeld = holds.some((h) => overlaps(h, slot));
            return {
              startsAt: slot.startsAt.toISOString(),
              endsAt: slot.endsAt.toISOString(),
              status: isHeld ? 'held' : 'free',
              bookable: !isHeld && freeStarts.has(slot.startsAt.getTime()),
            };
          });
        for (const v of own) {
          if (used.has(v.id) || v.status === 'cancelled') continue;
          // Skip finished visits hidden behind an occupying one in the same slot.
          if (
            slots.some(
              (s) =>
                s.appointment?.id !== undefined &&
                overlaps(v, { startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) }),
            )
          ) {
            continue;
          }
          slots.push({
            startsAt: v.startsAt.toISOString(),
            endsAt: v.endsAt.toISOString(),
            status: v.status as DeskSlotStatus,
            bookable: false,
            appointment: { id: v.id, patient: v.patient, reason: v.reason },
          });
        }
        slots.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
        return {
          doctor: {
            id: doctor.id,
            fullName: doctor.fullName,
            specialization: { id: doctor.specialization!.id, name: doctor.specialization!.name },
          },
          slots,
        };
      }),
    );
    return { date, doctors: columns };
  }

  /** Books for a patient through the booking service (same rules, races, idempotency and notices). */
  async book(
    input: { patientId: string; doctorId: string; startsAt: string; reason?: string },
    idempotencyKey?: string,
  ): Promise<{ appointment: DeskAppointmentDto; replayed: boolean }> {
    if (!(await this.patients.findById(input.patientId))) throw new NotFoundError('Patient');
    const result: BookingResult = await this.booking.book(
      input.patientId,
      { doctorId: input.doctorId, startsAt: input.startsAt, reason: input.reason },
      idempotencyKey,
      { by: 'desk' },
    );
    if (!result.replayed) await this.audited('desk.appointment.booked', result.appointment);
    return { appointment: toDeskAppointmentDto(result.appointment), replayed: result.replayed };
  }

  async reschedule(id: string, startsAt: string): Promise<DeskAppointmentDto> {
    const moved = await this.booking.rescheduleByDesk(id, startsAt);
    await this.audited('desk.appointment.rescheduled', moved);
    return toDeskAppointmentDto(moved);
  }

  async cancel(id: string, reason: string): Promise<DeskAppointmentDto> {
    const cancelled = await this.lifecycle.cancelByDesk(id, reason);
    await this.audited('desk.appointment.cancelled', cancelled);
    return toDeskAppointmentDto(cancelled);
  }

  async checkIn(id: string): Promise<DeskAppointmentDto> {
    const checked = await this.lifecycle.checkIn({ all: true }, id);
    await this.audited('desk.appointment.checked_in', checked);
    return toDeskAppointmentDto(checked);
  }

  private async audited(
    action:
      | 'desk.appointment.booked'
      | 'desk.appointment.rescheduled'
      | 'desk.appointment.cancelled'
      | 'desk.appointment.checked_in',
    a: AppointmentDto,
  ): Promise<void> {
    await this.audit.record({
      action,
      patientId: a.patient.id,
      resource: { type: 'appointment', id: a.id },
      details: { doctorId: a.doctor.id, startsAt: a.startsAt },
    });
  }
}
