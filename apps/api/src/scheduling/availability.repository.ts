import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AvailabilityWindowEntity } from './entities/availability-window.entity';

export interface NewWindow {
  doctorId: string;
  date: string;
  startTime: string;
  endTime: string;
  slotMinutes: number;
  startsAt: Date;
  endsAt: Date;
}

/** The only I/O on availability windows. */
@Injectable()
export class AvailabilityRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em: EntityManager = this.dataSource.manager) {
    return em.getRepository(AvailabilityWindowEntity);
  }

  async insert(input: NewWindow): Promise<AvailabilityWindowEntity> {
    const repo = this.repo();
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
