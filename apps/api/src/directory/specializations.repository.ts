import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DoctorEntity } from './entities/doctor.entity';
import { SpecializationEntity } from './entities/specialization.entity';
import { activeDoctorSql } from './active-doctor';

export interface SpecializationWithCount {
  id: string;
  name: string;
  description: string;
  doctorCount: number;
}

interface CountRow {
  id: string;
  name: string;
  description: string;
  doctor_count: string | number;
}

const COUNT_SQL = `
  SELECT s.id, s.name, s.description,
         count(d.id) FILTER (WHERE ${activeDoctorSql('d', 'u')}) AS doctor_count
    FROM specializations s
    LEFT JOIN doctors d ON d.specialization_id = s.id
    LEFT JOIN users u ON u.id = d.user_id`;

function toRow(r: CountRow): SpecializationWithCount {
  return { id: r.id, name: r.name, description: r.description, doctorCount: Number(r.doctor_count) };
}

@Injectable()
export class SpecializationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every specialization with its count of active doctors, in one aggregate query, sorted by name. */
  async listWithActiveDoctorCounts(): Promise<SpecializationWithCount[]> {
    const rows: CountRow[] = await this.dataSource.query(`${COUNT_SQL} GROUP BY s.id ORDER BY lower(s.name), s.id`);
    return rows.map(toRow);
  }

  async findWithActiveDoctorCount(id: string): Promise<SpecializationWithCount | null> {
    const rows: CountRow[] = await this.dataSource.query(`${COUNT_SQL} WHERE s.id = $1 GROUP BY s.id`, [id]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async findById(id: string, em: EntityManager = this.dataSource.manager): Promise<SpecializationEntity | null> {
    return em.getRepository(SpecializationEntity).findOneBy({ id });
  }

  /** True when another specialization already has this name, compared case-insensitively. */
  async nameTaken(name: string, exceptId?: string): Promise<boolean> {
    const qb = this.dataSource
      .getRepository(SpecializationEntity)
      .createQueryBuilder('s')
      .where('lower(s.name) = lower(:name)', { name });
    if (exceptId) qb.andWhere('s.id <> :exceptId', { exceptId });
    return (await qb.getCount()) > 0;
  }

  async create(
    input: { name: string; description: string },
    em: EntityManager = this.dataSource.manager,
  ): Promise<SpecializationEntity> {
    const repo = em.getRepository(SpecializationEntity);
    return repo.save(repo.create(input));
  }

  async update(
    id: string,
    patch: Partial<Pick<SpecializationEntity, 'name' | 'description'>>,
    em: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await em.getRepository(SpecializationEntity).update({ id }, patch);
  }

  /** Doctors assigned to the specialization, including deactivated and removed ones (they keep the reference). */
  async countAssignedDoctors(id: string, em: EntityManager = this.dataSource.manager): Promise<number> {
    return em.getRepository(DoctorEntity).countBy({ specializationId: id });
  }

  async delete(id: string, em: EntityManager = this.dataSource.manager): Promise<void> {
    await em.getRepository(SpecializationEntity).delete({ id });
  }
}
