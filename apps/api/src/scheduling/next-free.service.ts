import { Injectable, OnModuleInit } from '@nestjs/common';
import { CACHE_KEYS } from '../common/cache/cache-keys';
import { CacheService } from '../common/cache/cache.service';
import { DomainEvents } from '../common/events/domain-events';
import { SlotsService } from './slots.service';

/** How long a doctor's next free time is kept; every change of their bookings or hours drops it sooner. */
export const NEXT_FREE_TTL_MS = 60_000;

interface Cached {
  /** ISO instant of the first free slot, or null: nothing free within the horizon. */
  at: string | null;
}

/**
 * Each doctor's next free time for the patient's doctor list, by the slot
 * rule (SlotsService). A page's doctors are answered together: one cache
 * read of their versions and one of their values, and the misses computed
 * set-based (one statement for all of them, then the slot arithmetic) and
 * kept for NEXT_FREE_TTL_MS. A booking, cancellation, move, hold or change
 * of hours drops the doctor's entry, and an entry whose time has passed
 * counts as a miss. The list shows it as a hint; the slot picker and the
 * booking check read the database.
 */
@Injectable()
export class NextFreeService implements OnModuleInit {
  constructor(
    private readonly slots: SlotsService,
    private readonly cache: CacheService,
    private readonly events: DomainEvents,
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

  /** The cache namespaces of these doctors' next free times (what a body showing them is built from). */
  namespacesOf(doctorIds: readonly string[]): string[] {
    return doctorIds.map((id) => CACHE_KEYS.nextFree(id).namespace);
  }

  /** The first free slot start of each doctor (null: nothing free today..today+horizon). */
  async forDoctors(doctorIds: readonly string[], now: Date = new Date()): Promise<Map<string, string | null>> {
    const nowMs = now.getTime();
    const entries = await this.cache.getOrLoadMany<Cached>(
      doctorIds.map((id) => CACHE_KEYS.nextFree(id)),
      NEXT_FREE_TTL_MS,
      async (missed) => {
        const first = await this.slots.firstFreeOf(
          missed.map((i) => doctorIds[i]),
          now,
        );
        return missed.map((i) => ({ at: first.get(doctorIds[i])?.toISOString() ?? null }));
      },
      // A time that has passed is no answer: look again.
      (entry) => entry.at === null || Date.parse(entry.at) > nowMs,
    );
    return new Map(doctorIds.map((id, i) => [id, entries[i].at]));
  }
}
