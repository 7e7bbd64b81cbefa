import { Module } from '@nestjs/common';
import { DoctorsRepository } from './doctors.repository';
import { PatientsRepository } from './patients.repository';
import { SpecializationsRepository } from './specializations.repository';

/**
 * The directory's repositories, provided once here and shared by the
 * directory's own two modules (DirectoryModule and DirectoryAdminModule) and
 * the front desk, which registers and finds patients itself. Other modules
 * reach the directory through its services.
 */
@Module({
  providers: [DoctorsRepository, PatientsRepository, SpecializationsRepository],
  exports: [DoctorsRepository, PatientsRepository, SpecializationsRepository],
})
export class DirectoryRepositoriesModule {}
