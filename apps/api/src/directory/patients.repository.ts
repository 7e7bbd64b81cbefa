import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { PageRequest } from '../common/http/pagination';
import { escapeLike } from '../database/sql';
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

/**
 * A date of birth typed as YYYY-MM-DD or DD.MM.YYYY / DD/MM/YYYY, as YYYY-MM-DD
 * (only digits, so safe to inline), or null when the term is not a real date.
 */
export function dateOfBirthTerm(term: string): string | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(term);
  let [y, mo, d] = m ? [m[1], m[2], m[3]] : ['', '', ''];
  if (!m) {
    m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(term);
    if (!m) return null;
    [y, mo, d] = [m[3], m[2].padStart(2, '0'), m[1].padStart(2, '0')];
  }
  const date = new Date(`${y}-${mo}-${d}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${y}-${mo}-${d}`) return null;
  return `${y}-${mo}-${d}`;
}

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
      const dob = dateOfBirthTerm(term);
      const like = `lower(p.full_name) LIKE '%' || lower(:term) || '%'
        OR lower(u.email) LIKE '%' || lower(:term) || '%'
        OR coalesce(p.phone, '') LIKE '%' || :term || '%'${dob ? ` OR p.date_of_birth = '${dob}'` : ''}`;
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
