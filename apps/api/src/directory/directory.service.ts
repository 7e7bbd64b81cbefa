import { Injectable } from '@nestjs/common';
import type { Role } from '@hms/shared';
import type { EntityManager } from 'typeorm';
import { DoctorsRepository } from './doctors.repository';
import { DoctorDto, PatientDto, toDoctorDto, toPatientDto } from './dto/directory.dto';
import { NewPatient, PatientsRepository } from './patients.repository';

/** People of the clinic: the doctor and patient profiles behind user accounts. */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly doctors: DoctorsRepository,
    private readonly patients: PatientsRepository,
  ) {}

  /** Creates a patient profile inside the caller's transaction; returns its id. */
  async createPatient(input: NewPatient, em: EntityManager): Promise<string> {
    return (await this.patients.create(input, em)).id;
  }

  /** The profile behind a user: a Doctor, a Patient, or null for an admin. */
  async profileOf(userId: string, role: Role): Promise<DoctorDto | PatientDto | null> {
    if (role === 'doctor') {
      const doctor = await this.doctors.findByUserId(userId);
      return doctor ? toDoctorDto(doctor) : null;
    }
    if (role === 'patient') {
      const patient = await this.patients.findByUserId(userId);
      return patient ? toPatientDto(patient) : null;
    }
    return null;
  }

  /** The doctor or patient id of a user, carried in access tokens. */
  async profileIdOf(userId: string, role: Role): Promise<string | null> {
    if (role === 'doctor') return (await this.doctors.findByUserId(userId))?.id ?? null;
    if (role === 'patient') return (await this.patients.findByUserId(userId))?.id ?? null;
    return null;
  }
}
