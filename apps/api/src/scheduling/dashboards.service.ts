import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CACHE_KEYS } from '../common/cache/cache-keys';
import { CACHE_TTL, CacheService, type CacheKey } from '../common/cache/cache.service';
import { DomainEvents } from '../common/events/domain-events';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { SpecializationsService } from '../directory/specializations.service';
import { AppointmentsRepository } from './appointments.repository';
import { clinicDayRange, clinicMonthRange, clinicToday, clinicWeekRange } from '../common/time/clinic-time';
import { toAppointmentDto } from './dto/appointment.dto';
import { DoctorDashboardDto, PatientDashboardDto } from './dto/scheduling.dto';

/** At most this many upcoming appointments on the patient dashboard. */
export const PATIENT_DASHBOARD_UPCOMING = 10;

/**
 * Doctor and patient dashboards, cached per user (the namespace holds the
 * doctor or patient id) and invalidated by the appointment events before the
 * writing request answers, so a write is visible to the next read. The
 * patient dashboard's departments are the directory's cached list.
 */
@Injectable()
export class DashboardsService implements OnModuleInit {
  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly specializations: SpecializationsService,
    private readonly cache: CacheService,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const drop = async ({ doctorId, patientId }: { doctorId: string; patientId: string }) =>
      this.cache.invalidate(
        CACHE_KEYS.doctorDashboard(doctorId).namespace,
        CACHE_KEYS.patientDashboard(patientId).namespace,
      );
    this.events.on('appointment.booked', drop);
    this.events.on('appointment.cancelled', drop);
    this.events.on('appointment.rescheduled', drop);
    this.events.on('appointment.completed', drop);
    this.events.on('appointment.checked_in', drop);
    this.events.on('appointment.no_show', drop);
    this.events.on('treatment.updated', drop);
    this.events.on('doctor.changed', async ({ doctorId, withdrawn }) => {
      // A deactivation or removal cancelled these visits in the same change.
      if (withdrawn && withdrawn.length > 0) {
        await this.cache.invalidate(
          CACHE_KEYS.doctorDashboard(doctorId).namespace,
          ...withdrawn.map((w) => CACHE_KEYS.patientDashboard(w.patientId).namespace),
        );
      }
    });
  }

  async forDoctor(doctorId: string): Promise<DoctorDashboardDto> {
    return this.cached(CACHE_KEYS.doctorDashboard(doctorId), () => {
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
      this.cached(CACHE_KEYS.patientDashboard(patientId), async () => {
        const o = await this.appointments.patientOverview(patientId, new Date(), PATIENT_DASHBOARD_UPCOMING);
        return { upcoming: o.upcoming.map(toAppointmentDto), past: o.past };
      }),
      this.specializations.listWithActiveDoctorCounts(),
    ]);
    return { upcoming: own.upcoming, past: own.past, specializations };
  }

  private cached<T>(key: CacheKey, load: () => Promise<T>): Promise<T> {
    return this.cache.getOrLoad(key, CACHE_TTL.dashboards, load);
  }
}
