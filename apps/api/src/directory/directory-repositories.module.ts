import { Module } from '@nestjs/common';
import { DoctorsRepository } from './doctors.repository';
import { PatientsRepository } from './patients.repository';
import { SpecializationsRepository } from './specializations.repository';

/**
 * The directory's repositories, provided once and shared by the directory's
 * own two modules only (DirectoryModule and DirectoryAdminModule). Other
 * modules reach the directory through its services.
 */
@Module({
  providers: [DoctorsRepository, PatientsRepository, SpecializationsRepository],
  exports: [DoctorsRepository, PatientsRepository, SpecializationsRepository],
})
export class DirectoryRepositoriesModule {}
