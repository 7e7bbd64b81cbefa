import { Injectable } from '@nestjs/common';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { Page, PageRequest, toPage } from '../common/http/pagination';
import { AppointmentEntity } from '../scheduling/entities/appointment.entity';
import { PatientHistoryEntryDto, toPatientHistoryEntry } from './dto/patient-history.dto';

/**
 * The one read of a patient's history: their appointments with doctor,
 * specialization, patient and treatment, latest first, in one query. Admins,
 * the front desk and doctors read it through here.
 */
@Injectable()
export class PatientHistoryQuery {
  constructor(private readonly dataSource: DataSource) {}

  /** Every appointment of the patient, latest first. */
  async appointmentsOf(patientId: string): Promise<AppointmentEntity[]> {
    return this.history(patientId).getMany();
  }

  /**
   * One page of the history as the doctor `viewerDoctorId` reads it: each row
   * names the treating doctor and department, and is `editable` only when it
   * is that doctor's own visit. The caller checks the doctor may see the patient.
   */
  async pageForDoctor(
    patientId: string,
    viewerDoctorId: string,
    page: PageRequest,
  ): Promise<Page<PatientHistoryEntryDto>> {
    // Every join is to-one, so offset/limit page the appointments themselves.
    const [rows, total] = await this.history(patientId).offset(page.offset).limit(page.pageSize).getManyAndCount();
    return toPage(
      rows.map((a) => toPatientHistoryEntry(a, viewerDoctorId)),
      total,
      page,
    );
  }

  private history(patientId: string): SelectQueryBuilder<AppointmentEntity> {
    return this.dataSource
      .getRepository(AppointmentEntity)
      .createQueryBuilder('a')
      .innerJoinAndSelect('a.doctor', 'd')
      .innerJoinAndSelect('d.specialization', 's')
      .innerJoinAndSelect('a.patient', 'p')
      .leftJoinAndSelect('a.treatment', 't')
      .where('a.patient_id = :patientId', { patientId })
      .orderBy('a.startsAt', 'DESC')
      .addOrderBy('a.id', 'DESC');
  }
}
