import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CACHE_TTL, CacheService } from '../common/cache/cache.service';
import { DomainEvents } from '../common/events/domain-events';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AppointmentsRepository } from './appointments.repository';
import { clinicDayRange, clinicMonthRange, clinicToday, clinicWeekRange } from '../common/time/clinic-time';
import { toAppointmentDto } from './dto/appointment.dto';
import { DoctorDashboardDto, PatientDashboardDto } from './dto/scheduling.dto';
import { DashboardRepository } from './dashboard.repository';

/** At most this many upcoming appointments on the patient dashboard. */
export const PATIENT_DASHBOARD_UPCOMING = 10;

export const dashboardKeys = {
  doctor: (doctorId: string) => `dashboard:doctor:${doctorId}`,
  patient: (patientId: string) => `dashboard:patient:${patientId}`,
  specializations: 'dashboard:patient-specializations',
};

/**
 * Doctor and patient dashboards, cached per user (the key holds the doctor
 * or patient id) and dropped by the appointment events before the writing
 * request answers, so a write is visible to the next read.
 */
@Injectable()
export class DashboardsService implements OnModuleInit {
  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly dashboards: DashboardRepository,
    private readonly cache: CacheService,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const drop = async ({ doctorId, patientId }: { doctorId: string; patientId: string }) =>
      this.cache.del(dashboardKeys.doctor(doctorId), dashboardKeys.patient(patientId));
    this.events.on('appointment.booked', drop);
    this.events.on('appointment.cancelled', drop);
    this.events.on('appointment.rescheduled', drop);
    this.events.on('appointment.completed', drop);
    this.events.on('appointment.checked_in', drop);
    this.events.on('appointment.no_show', drop);
    this.events.on('treatment.updated', drop);
    const dropSpecializations = async () => this.cache.del(dashboardKeys.specializations);
    this.events.on('doctor.changed', async ({ doctorId, withdrawn }) => {
      await dropSpecializations();
      // A deactivation or removal cancelled these visits in the same change.
      if (withdrawn && withdrawn.length > 0) {
        await this.cache.del(
          dashboardKeys.doctor(doctorId),
          ...withdrawn.map((w) => dashboardKeys.patient(w.patientId)),
        );
      }
    });
    this.events.on('specialization.changed', dropSpecializations);
    this.events.on('user.deactivated', dropSpecializations);
  }

  async forDoctor(doctorId: string): Promise<DoctorDashboardDto> {
    return this.cached(dashboardKeys.doctor(doctorId), () => {
      const tz = this.config.clinicTimezone;
      const now = new Date();
      const today = clinicToday(tz, now);
      return this.appointments.doctorCounts(
        doctorId,
        now,
        clinicDayRange(today, tz),
        clinicWeekRange(today, tz),
        clinicMonthRange(today, tz),
      );
    });
  }

  async forPatient(patientId: string): Promise<PatientDashboardDto> {
    const [own, specializations] = await Promise.all([
      this.cached(dashboardKeys.patient(patientId), async () => {
        const o = await this.appointments.patientOverview(patientId, new Date(), PATIENT_DASHBOARD_UPCOMING);
        return { upcoming: o.upcoming.map(toAppointmentDto), past: o.past };
      }),
      this.cached(dashboardKeys.specializations, () => this.dashboards.specializationsWithDoctorCount()),
    ]);
    return { upcoming: own.upcoming, past: own.past, specializations };
  }

  /**
   * Read-through like CacheService.wrap, but the store is awaited, so a value
   * read before a write can never land in the cache after the write dropped it.
   */
  private async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = await this.cache.get<T>(key);
    if (hit !== undefined && hit !== null) return hit;
    const value = await load();
    await this.cache.set(key, value, CACHE_TTL.dashboards);
    return value;
  }
}
