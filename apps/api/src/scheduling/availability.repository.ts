import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { preparedRead, type PreparedRead } from '../database/prepared-query';
import { AvailabilityWindowEntity } from './entities/availability-window.entity';
import { doctorActiveColumn, occupiedColumn, occupiedOf, slotRuleColumns, slotRuleInputs } from './slot-inputs.sql';
import type { Span } from './slots';

export interface NewWindow {
  doctorId: string;
  date: string;
  startTime: string;
  endTime: string;
  slotMinutes: number;
  startsAt: Date;
  endsAt: Date;
}

/** Everything the availability answer needs, read by one statement (instants as epoch milliseconds). */
export interface AvailabilityInputs {
  /** null: no such doctor; otherwise whether they take appointments (login active, not removed). */
  active: boolean | null;
  /** The weekly template; null when the doctor has none. */
  schedule: {
    weekly: { weekday: number; startTime: string; endTime: string }[];
    slotMinutes: number;
    bufferMinutes: number;
    minNoticeMinutes: number;
  } | null;
  /** Date windows on the dates, in time order. */
  windows: { date: string; startTime: string; endTime: string; slotMinutes: number }[];
  /** Time off on the dates (widened by a day each side), in time order. */
  timeOff: Span[];
  /** Booked or checked-in appointments and open offers overlapping the instants. */
  occupied: Span[];
}

/**
 * One statement: the doctor's standing, template, date windows, time off and
 * what occupies their slots (only the range asked for is read).
 */
const AVAILABILITY_INPUTS: PreparedRead = {
  name: 'availability-inputs',
  text: `
SELECT
  ${doctorActiveColumn('$1')},
  ${slotRuleColumns('$1', '$2::date', '$3::date')},
  ${occupiedColumn('$1', '$4', '$5')}`,
};

/** The only I/O on availability windows. */
@Injectable()
export class AvailabilityRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em: EntityManager = this.dataSource.manager) {
    return em.getRepository(AvailabilityWindowEntity);
  }

  /**
   * The availability inputs of a doctor on clinic dates `from`..`to` and the
   * instants [start, end) they span, in one round trip (a prepared statement).
   */
  async availabilityInputs(
    doctorId: string,
    dates: { from: string; to: string },
    span: { start: Date; end: Date },
  ): Promise<AvailabilityInputs> {
    const rows = await preparedRead<Record<string, unknown>>(this.dataSource, AVAILABILITY_INPUTS, [
      doctorId,
      dates.from,
      dates.to,
      span.start,
      span.end,
    ]);
    const row = rows[0] ?? {};
    return { ...slotRuleInputs(row), occupied: occupiedOf(row) };
  }

  async insert(input: NewWindow, em?: EntityManager): Promise<AvailabilityWindowEntity> {
    const repo = this.repo(em);
    return repo.save(repo.create(input));
  }

  /** Windows of a doctor on clinic dates `from`..`to` inclusive, in time order. */
  async listByDates(
    doctorId: string,
    from: string,
    to: string,
    em?: EntityManager,
    lock = false,
  ): Promise<AvailabilityWindowEntity[]> {
    const qb = this.repo(em)
      .createQueryBuilder('w')
      .where('w.doctorId = :doctorId', { doctorId })
      .andWhere('w.date BETWEEN :from AND :to', { from, to })
      .orderBy('w.startsAt', 'ASC');
    if (lock) qb.setLock('pessimistic_read');
    return qb.getMany();
  }

  /** Windows of a doctor that overlap [start, end). */
  async overlapping(doctorId: string, start: Date, end: Date): Promise<AvailabilityWindowEntity[]> {
    return this.repo()
      .createQueryBuilder('w')
      .where('w.doctorId = :doctorId', { doctorId })
      .andWhere('w.startsAt < :end AND w.endsAt > :start', { start, end })
      .orderBy('w.startsAt', 'ASC')
      .getMany();
  }

  /**
   * The doctor's windows containing `instant`, share-locked for the rest of the
   * transaction so the window cannot be deleted while a booking inside it commits.
   */
  async lockCovering(em: EntityManager, doctorId: string, instant: Date): Promise<AvailabilityWindowEntity[]> {
    return this.repo(em)
      .createQueryBuilder('w')
      .where('w.doctorId = :doctorId', { doctorId })
      .andWhere('w.startsAt <= :instant AND w.endsAt > :instant', { instant })
      .setLock('pessimistic_read')
      .getMany();
  }

  /** One of the doctor's windows, locked for update; null when it is not theirs. */
  async lockOwned(em: EntityManager, id: string, doctorId: string): Promise<AvailabilityWindowEntity | null> {
    return this.repo(em)
      .createQueryBuilder('w')
      .where('w.id = :id AND w.doctorId = :doctorId', { id, doctorId })
      .setLock('pessimistic_write')
      .getOne();
  }

  async delete(em: EntityManager, id: string): Promise<void> {
    await this.repo(em).delete({ id });
  }
}
