import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppointmentEntity } from '../scheduling/entities/appointment.entity';

/** Read-only: a patient's appointments with doctor, specialization and treatment, latest first, in one query. */
@Injectable()
export class PatientHistoryQuery {
  constructor(private readonly dataSource: DataSource) {}

  async appointmentsOf(patientId: string): Promise<AppointmentEntity[]> {
    return this.dataSource
      .getRepository(AppointmentEntity)
      .createQueryBuilder('a')
      .innerJoinAndSelect('a.doctor', 'd')
      .innerJoinAndSelect('d.specialization', 's')
      .innerJoinAndSelect('a.patient', 'p')
      .leftJoinAndSelect('a.treatment', 't')
      .where('a.patient_id = :patientId', { patientId })
      .orderBy('a.startsAt', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .getMany();
  }
}
