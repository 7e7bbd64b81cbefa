import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DoctorEntity } from './entities/doctor.entity';

@Injectable()
export class DoctorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByUserId(userId: string): Promise<DoctorEntity | null> {
    return this.dataSource
      .getRepository(DoctorEntity)
      .findOne({ where: { userId }, relations: { user: true, specialization: true } });
  }
}
