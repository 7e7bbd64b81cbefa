import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { addDays, clinicDateOf, noShowRate } from '@hms/shared';
import { CACHE_KEYS } from '../common/cache/cache-keys';
import { CACHE_TTL, CacheService } from '../common/cache/cache.service';
import { DomainEvents, type DomainEventName } from '../common/events/domain-events';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AdminDashboardDto } from './admin-dashboard.dto';
import { AdminDashboardRepository } from './admin-dashboard.repository';

/** Events after which the admin dashboard's counts may be stale. */
const INVALIDATING_EVENTS: DomainEventName[] = [
  'appointment.booked',
  'appointment.cancelled',
  'appointment.rescheduled',
  'appointment.completed',
  'appointment.checked_in',
  'appointment.no_show',
  'waitlist.offer_made',
  'waitlist.offer_resolved',
  'doctor.changed',
  'patient.changed',
  'specialization.changed',
  'user.deactivated',
];

/** The admin home page's counts, cached for 5 minutes and dropped on any change they summarise. */
@Injectable()
export class AdminDashboardService implements OnModuleInit {
  constructor(
    private readonly repository: AdminDashboardRepository,
    private readonly cache: CacheService,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    for (const name of INVALIDATING_EVENTS) this.events.on(name, () => this.invalidate());
  }

  invalidate(): Promise<void> {
    return this.cache.invalidate(CACHE_KEYS.adminDashboard.namespace);
  }

  async dashboard(): Promise<AdminDashboardDto> {
    return this.cache.getOrLoad(CACHE_KEYS.adminDashboard, CACHE_TTL.dashboards, () => this.compute());
  }

  private async compute(): Promise<AdminDashboardDto> {
    const tz = this.config.clinicTimezone;
    const today = clinicDateOf(new Date(), tz);
    const [counts, bySpecialization, last30Days] = await Promise.all([
      this.repository.counts(today, tz),
      this.repository.bySpecialization(),
      this.repository.perDay(addDays(today, -29), today, tz),
    ]);
    return {
      doctors: counts.doctors,
      patients: counts.patients,
      specializations: counts.specializations,
      appointments: {
        total: counts.total,
        booked: counts.booked,
        completed: counts.completed,
        cancelled: counts.cancelled,
        checkedIn: counts.checkedIn,
        noShow: counts.noShow,
        noShowRate: noShowRate(counts),
        today: counts.today,
      },
      waitlist: { waiting: counts.waiting, offersMade: counts.offersMade, offersAccepted: counts.offersAccepted },
      bySpecialization,
      last30Days,
      generatedAt: new Date().toISOString(),
    };
  }
}
