import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { addDays, clinicDateOf, noShowRate } from '@hms/shared';
import { CACHE_KEYS } from '../common/cache/cache-keys';
import { CACHE_TTL, CacheService } from '../common/cache/cache.service';
import { compileJson, JSON_SCHEMA, type Schema } from '../common/http/compiled-json';
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

const counts = (names: string[]): Schema => ({
  type: 'object',
  required: names,
  properties: Object.fromEntries(names.map((n) => [n, JSON_SCHEMA.number])),
});

/** The dashboard's body, compiled once (see AdminDashboardDto). */
const serializeDashboard = compileJson<AdminDashboardDto>({
  type: 'object',
  required: ['doctors', 'patients', 'specializations', 'appointments', 'waitlist', 'bySpecialization', 'last30Days'],
  properties: {
    doctors: JSON_SCHEMA.number,
    patients: JSON_SCHEMA.number,
    specializations: JSON_SCHEMA.number,
    appointments: counts(['total', 'booked', 'completed', 'cancelled', 'checkedIn', 'noShow', 'noShowRate', 'today']),
    waitlist: counts(['waiting', 'offersMade', 'offersAccepted']),
    bySpecialization: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'count'],
        properties: { id: JSON_SCHEMA.string, name: JSON_SCHEMA.string, count: JSON_SCHEMA.number },
      },
    },
    last30Days: {
      type: 'array',
      items: {
        type: 'object',
        required: ['date', 'count'],
        properties: { date: JSON_SCHEMA.string, count: JSON_SCHEMA.number },
      },
    },
    generatedAt: JSON_SCHEMA.string,
  },
});

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

  /** The dashboard as ready JSON bytes, kept in this process's tier of ready bodies. */
  dashboardBody(): Promise<Buffer> {
    const namespace = CACHE_KEYS.adminDashboard.namespace;
    return this.cache.readyBody({ id: 'admin-dashboard', namespaces: [namespace] }, CACHE_TTL.dashboards, async () => ({
      body: serializeDashboard(await this.dashboard()),
    }));
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
