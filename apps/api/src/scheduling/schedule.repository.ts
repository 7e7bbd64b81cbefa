import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DoctorScheduleEntity, type WeeklyWindow } from './entities/doctor-schedule.entity';
import { TimeOffEntity } from './entities/time-off.entity';

export interface ScheduleSettings {
  weekly: WeeklyWindow[];
  slotMinutes: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  updatedAt: Date | null;
}

export interface NewTimeOff {
  doctorId: string;
  date: string;
  startTime: string | null;
  endTime: string | null;
  startsAt: Date;
  endsAt: Date;
  reason: string;
}

/** The only I/O on weekly templates and time off. */
@Injectable()
export class ScheduleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The doctor's template; a doctor without one has an empty week of 30-minute slots. */
  async settings(doctorId: string, em: EntityManager = this.dataSource.manager): Promise<ScheduleSettings> {
    const row = await em.getRepository(DoctorScheduleEntity).findOne({ where: { doctorId } });
    if (!row) return { weekly: [], slotMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 0, updatedAt: null };
    return {
      weekly: row.weekly,
      slotMinutes: row.slotMinutes,
      bufferMinutes: row.bufferMinutes,
      minNoticeMinutes: row.minNoticeMinutes,
      updatedAt: row.updatedAt,
    };
  }

  async save(
    doctorId: string,
    input: Omit<ScheduleSettings, 'updatedAt'>,
    em: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await em
      .createQueryBuilder()
      .insert()
      .into(DoctorScheduleEntity)
      .values({ doctorId, ...input })
      .orUpdate(['weekly', 'slot_minutes', 'buffer_minutes', 'min_notice_minutes', 'updated_at'], ['doctor_id'])
      .execute();
  }

  /** Time off of a doctor on clinic dates from..to inclusive, in time order. */
  async timeOffByDates(
    doctorId: string,
    from: string,
    to: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<TimeOffEntity[]> {
    return em
      .getRepository(TimeOffEntity)
      .createQueryBuilder('t')
      .where('t.doctorId = :doctorId', { doctorId })
      .andWhere('t.date BETWEEN :from AND :to', { from, to })
      .orderBy('t.startsAt', 'ASC')
      .getMany();
  }

  /** Time off of a doctor overlapping [start, end). */
  async timeOffOverlapping(doctorId: string, start: Date, end: Date): Promise<TimeOffEntity[]> {
    return this.dataSource
      .getRepository(TimeOffEntity)
      .createQueryBuilder('t')
      .where('t.doctorId = :doctorId', { doctorId })
      .andWhere('t.startsAt < :end AND t.endsAt > :start', { start, end })
      .orderBy('t.startsAt', 'ASC')
      .getMany();
  }

  async insertTimeOff(em: EntityManager, input: NewTimeOff): Promise<TimeOffEntity> {
    const repo = em.getRepository(TimeOffEntity);
    return repo.save(repo.create(input));
  }

  async lockTimeOff(em: EntityManager, id: string, doctorId: string): Promise<TimeOffEntity | null> {
    return em
      .getRepository(TimeOffEntity)
      .createQueryBuilder('t')
      .where('t.id = :id AND t.doctorId = :doctorId', { id, doctorId })
      .setLock('pessimistic_write')
      .getOne();
  }

  async deleteTimeOff(em: EntityManager, id: string): Promise<void> {
    await em.getRepository(TimeOffEntity).delete({ id });
  }
}
