import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { PageRequest } from '../common/http/pagination';
import { escapeLike } from './directory-cache';
import { PatientEntity } from './entities/patient.entity';

export interface NewPatient {
  userId: string;
  fullName: string;
  dateOfBirth: string | null;
  phone: string | null;
}

export interface PatientFilter {
  /** Matches name, email or phone (case-insensitively), or the id when it is a whole uuid. */
  search?: string;
  active?: boolean;
}

export type PatientPatch = Partial<Pick<PatientEntity, 'fullName' | 'phone' | 'dateOfBirth'>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class PatientsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(input: NewPatient, em: EntityManager = this.dataSource.manager): Promise<PatientEntity> {
    const repo = em.getRepository(PatientEntity);
    return repo.save(repo.create(input));
  }

  async findByUserId(userId: string): Promise<PatientEntity | null> {
    return this.dataSource.getRepository(PatientEntity).findOne({ where: { userId }, relations: { user: true } });
  }

  /** A patient with the user loaded. */
  async findById(id: string, em: EntityManager = this.dataSource.manager): Promise<PatientEntity | null> {
    return em.getRepository(PatientEntity).findOne({ where: { id }, relations: { user: true } });
  }

  /** One page of patients matching the filter (joined with their user), sorted by name, and the total. */
  async search(filter: PatientFilter, page: PageRequest): Promise<[PatientEntity[], number]> {
    const qb = this.dataSource.getRepository(PatientEntity).createQueryBuilder('p').innerJoinAndSelect('p.user', 'u');
    if (filter.active !== undefined) qb.andWhere('u.active = :active', { active: filter.active });
    const term = filter.search;
    if (term) {
      const like = `lower(p.full_name) LIKE '%' || lower(:term) || '%'
        OR lower(u.email) LIKE '%' || lower(:term) || '%'
        OR coalesce(p.phone, '') LIKE '%' || :term || '%'`;
      if (UUID.test(term)) {
        qb.andWhere(`(p.id = :id OR ${like})`, { id: term.toLowerCase(), term: escapeLike(term) });
      } else {
        qb.andWhere(`(${like})`, { term: escapeLike(term) });
      }
    }
    return qb
      .orderBy('lower(p.full_name)')
      .addOrderBy('p.id')
      .offset(page.offset)
      .limit(page.pageSize)
      .getManyAndCount();
  }

  async update(id: string, patch: PatientPatch, em: EntityManager = this.dataSource.manager): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await em.getRepository(PatientEntity).update({ id }, patch);
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
