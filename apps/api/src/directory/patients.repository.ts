import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientEntity } from './entities/patient.entity';

export interface NewPatient {
  userId: string;
  fullName: string;
  dateOfBirth: string | null;
  phone: string | null;
}

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
}
