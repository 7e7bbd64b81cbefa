import { ApiProperty } from '@nestjs/swagger';
import type { DoctorEntity } from '../entities/doctor.entity';
import type { PatientEntity } from '../entities/patient.entity';
import { isActiveDoctor } from '../active-doctor';

export class SpecializationRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

/** Doctor as the API shows it. */
export class DoctorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ type: SpecializationRefDto }) specialization!: SpecializationRefDto;
  @ApiProperty() qualification!: string;
  @ApiProperty() experienceYears!: number;
  @ApiProperty() active!: boolean;
}

/** Doctor as patients see it: no login email (a login name is no patient's business). */
export class PublicDoctorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ type: SpecializationRefDto }) specialization!: SpecializationRefDto;
  @ApiProperty() qualification!: string;
  @ApiProperty() experienceYears!: number;
}

/** Patient as the API shows it. */
export class PatientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ type: String, nullable: true, example: '1985-04-12' }) dateOfBirth!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty() active!: boolean;
}

/** Maps a doctor loaded with its user and specialization. */
export function toDoctorDto(doctor: DoctorEntity): DoctorDto {
  if (!doctor.user || !doctor.specialization) throw new Error('toDoctorDto needs user and specialization loaded');
  return {
    id: doctor.id,
    fullName: doctor.fullName,
    email: doctor.user.email,
    specialization: { id: doctor.specialization.id, name: doctor.specialization.name },
    qualification: doctor.qualification,
    experienceYears: doctor.experienceYears,
    active: isActiveDoctor(doctor),
  };
}

/** What patients see of a doctor (see PublicDoctorDto). */
export function toPublicDoctorDto(doctor: DoctorEntity): PublicDoctorDto {
  const { id, fullName, specialization, qualification, experienceYears } = toDoctorDto(doctor);
  return { id, fullName, specialization, qualification, experienceYears };
}

/** Maps a patient loaded with its user. */
export function toPatientDto(patient: PatientEntity): PatientDto {
  if (!patient.user) throw new Error('toPatientDto needs user loaded');
  return {
    id: patient.id,
    fullName: patient.fullName,
    email: patient.user.email,
    dateOfBirth: patient.dateOfBirth,
    phone: patient.phone,
    active: patient.user.active,
  };
}
