import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { PageRequest } from '../common/http/pagination';
import { escapeLike } from '../database/sql';
import { activeDoctorSql } from './active-doctor';
import { DoctorEntity } from './entities/doctor.entity';

export interface DoctorFilter {
  /** Matches name, email or specialization name, case-insensitively. */
  search?: string;
  /** false: the search leaves emails out (patients never probe login names). Default true. */
  searchEmail?: boolean;
  specializationId?: string;
  /** true: active and not removed; false: deactivated or removed. */
  active?: boolean;
}

export interface NewDoctor {
  userId: string;
  fullName: string;
  specializationId: string;
  qualification: string;
  experienceYears: number;
}

export type DoctorPatch = Partial<
  Pick<DoctorEntity, 'fullName' | 'specializationId' | 'qualification' | 'experienceYears'>
>;

const ACTIVE = activeDoctorSql('d', 'u');

@Injectable()
export class DoctorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByUserId(userId: string): Promise<DoctorEntity | null> {
    return this.dataSource
      .getRepository(DoctorEntity)
      .findOne({ where: { userId }, relations: { user: true, specialization: true } });
  }

  /** A doctor with user and specialization loaded. */
  async findById(id: string, em: EntityManager = this.dataSource.manager): Promise<DoctorEntity | null> {
    return em.getRepository(DoctorEntity).findOne({ where: { id }, relations: { user: true, specialization: true } });
  }

  /** Locks the doctor's row for the rest of the transaction (serialises edits of one doctor). */
  async lock(id: string, em: EntityManager): Promise<DoctorEntity | null> {
    return em
      .getRepository(DoctorEntity)
      .createQueryBuilder('d')
      .setLock('pessimistic_write')
      .where('d.id = :id', { id })
      .getOne();
  }

  /**
   * One page of doctors matching the filter (joins user and specialization), sorted by name, and the total.
   * The joins are to-one, so offset/limit page rows exactly.
   */
  async search(filter: DoctorFilter, page: PageRequest): Promise<[DoctorEntity[], number]> {
    return this.filtered(filter)
      .orderBy('lower(d.full_name)')
      .addOrderBy('d.id')
      .offset(page.offset)
      .limit(page.pageSize)
      .getManyAndCount();
  }

  /** Every active doctor (optionally of one specialization), sorted by name. */
  async listActive(specializationId?: string): Promise<DoctorEntity[]> {
    return this.filtered({ specializationId, active: true }).orderBy('lower(d.full_name)').addOrderBy('d.id').getMany();
  }

  async create(input: NewDoctor, em: EntityManager = this.dataSource.manager): Promise<DoctorEntity> {
    const repo = em.getRepository(DoctorEntity);
    return repo.save(repo.create({ ...input, removedAt: null }));
  }

  async update(id: string, patch: DoctorPatch, em: EntityManager = this.dataSource.manager): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await em.getRepository(DoctorEntity).update({ id }, patch);
  }

  async markRemoved(id: string, em: EntityManager): Promise<void> {
    await em.getRepository(DoctorEntity).update({ id }, { removedAt: () => 'now()' });
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private filtered(filter: DoctorFilter): SelectQueryBuilder<DoctorEntity> {
    const qb = this.dataSource
      .getRepository(DoctorEntity)
      .createQueryBuilder('d')
      .innerJoinAndSelect('d.user', 'u')
      .innerJoinAndSelect('d.specialization', 's');
    if (filter.specializationId) qb.andWhere('d.specialization_id = :specializationId', filter);
    if (filter.active === true) qb.andWhere(ACTIVE);
    if (filter.active === false) qb.andWhere(`NOT (${ACTIVE})`);
    if (filter.search) {
      qb.andWhere(
        `(lower(d.full_name) LIKE '%' || lower(:term) || '%'
          ${filter.searchEmail === false ? '' : `OR lower(u.email) LIKE '%' || lower(:term) || '%'`}
          OR lower(s.name) LIKE '%' || lower(:term) || '%')`,
        { term: escapeLike(filter.search) },
      );
    }
    return qb;
  }
}
