import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AppointmentsRepository } from './appointments.repository';
import { AvailabilityRepository } from './availability.repository';
import { AvailabilityService } from './availability.service';
import { clinicDatesRange } from '../common/time/clinic-time';
import { SlotDto } from './dto/scheduling.dto';
import { ParticipantsRepository } from './participants.repository';
import { computeSlots } from './slots';

/**
 * A doctor's slots as patients see them. Always read from the database (one
 * query for windows, one for booked appointments), never from a cache, so a
 * taken slot is never offered as free.
 */
@Injectable()
export class SlotsService {
  constructor(
    private readonly windows: AvailabilityRepository,
    private readonly appointments: AppointmentsRepository,
    private readonly participants: ParticipantsRepository,
    private readonly availability: AvailabilityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async slotsOf(doctorId: string, from?: string, to?: string, now: Date = new Date()): Promise<SlotDto[]> {
    if ((await this.participants.doctorActive(doctorId)) !== true) throw new NotFoundError('Doctor');
    const range = this.availability.dateRange(from, to);
    const bounds = clinicDatesRange(range.from, range.to, this.config.clinicTimezone);
    const [windows, booked] = await Promise.all([
      this.windows.listByDates(doctorId, range.from, range.to),
      this.appointments.bookedOfDoctor(doctorId, bounds.start, bounds.end),
    ]);
    return computeSlots(windows, booked, now, { from: bounds.start, to: bounds.end }).map((s) => ({
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      available: s.available,
    }));
  }
}
