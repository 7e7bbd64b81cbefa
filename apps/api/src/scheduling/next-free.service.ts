import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CACHE_KEYS } from '../common/cache/cache-keys';
import { CacheService } from '../common/cache/cache.service';
import { DomainEvents } from '../common/events/domain-events';
import { addDays, clinicToday } from '../common/time/clinic-time';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { SlotsService } from './slots.service';

/** How long a doctor's next free time is kept; every change of their bookings or hours drops it sooner. */
export const NEXT_FREE_TTL_MS = 60_000;

interface Cached {
  /** ISO instant of the first free slot, or null: nothing free within the horizon. */
  at: string | null;
}

/**
 * Each doctor's next free time for the patient's doctor list, by the slot
 * rule (SlotsService). A page's doctors are answered together: one cache read
 * per doctor, the misses computed in parallel and kept for NEXT_FREE_TTL_MS.
 * A booking, cancellation, move, hold or change of hours drops the doctor's
 * entry, and an entry whose time has passed counts as a miss. The list shows
 * it as a hint; the slot picker and the booking check read the database.
 */
@Injectable()
export class NextFreeService implements OnModuleInit {
  constructor(
    private readonly slots: SlotsService,
    private readonly cache: CacheService,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const drop = ({ doctorId }: { doctorId: string }) => this.cache.invalidate(CACHE_KEYS.nextFree(doctorId).namespace);
    this.events.on('appointment.booked', drop);
    this.events.on('appointment.cancelled', drop);
    this.events.on('appointment.rescheduled', drop);
    this.events.on('availability.changed', drop);
    this.events.on('waitlist.offer_made', drop);
    this.events.on('waitlist.offer_resolved', drop);
    this.events.on('doctor.changed', drop);
  }

  /** The first free slot start of each doctor (null: nothing free today..today+horizon). */
  async forDoctors(doctorIds: string[], now: Date = new Date()): Promise<Map<string, string | null>> {
    const result = new Map<string, string | null>();
    await Promise.all(
      doctorIds.map(async (id) => {
        const key = CACHE_KEYS.nextFree(id);
        const load = async (): Promise<Cached> => ({ at: await this.compute(id, now) });
        let entry = await this.cache.getOrLoad<Cached>(key, NEXT_FREE_TTL_MS, load);
        if (entry.at !== null && new Date(entry.at).getTime() <= now.getTime()) {
          // That time has passed: retire the entry and look again.
          await this.cache.invalidate(key.namespace);
          entry = await this.cache.getOrLoad<Cached>(key, NEXT_FREE_TTL_MS, load);
        }
        result.set(id, entry.at);
      }),
    );
    return result;
  }

  private async compute(doctorId: string, now: Date): Promise<string | null> {
    const today = clinicToday(this.config.clinicTimezone, now);
    const free = await this.slots.freeSlots(doctorId, today, addDays(today, this.config.bookingHorizonDays), now);
    let first: Date | null = null;
    for (const s of free) if (first === null || s.startsAt < first) first = s.startsAt;
    return first?.toISOString() ?? null;
  }
}
