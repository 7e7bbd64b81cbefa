import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DoctorWithdrawalModule } from '../scheduling/doctor-withdrawal.module';
import { DirectoryModule } from './directory.module';
import { DoctorsAdminService } from './doctors-admin.service';
import { DoctorsRepository } from './doctors.repository';
import { PatientDirectoryService } from './patient-directory.service';
import { PatientHistoryQuery } from './patient-history.query';
import { PatientsAdminService } from './patients-admin.service';
import { PatientsRepository } from './patients.repository';
import { SpecializationsRepository } from './specializations.repository';

/**
 * Use cases of the directory that need accounts (AuthModule imports
 * DirectoryModule, so they live in this module to avoid a cycle): admin
 * management of doctors and patients, and the patient's view of the directory.
 * Repositories are stateless and provided here again rather than exported.
 */
@Module({
  imports: [DirectoryModule, AuthModule, DoctorWithdrawalModule],
  providers: [
    DoctorsAdminService,
    PatientsAdminService,
    PatientDirectoryService,
    PatientHistoryQuery,
    DoctorsRepository,
    PatientsRepository,
    SpecializationsRepository,
  ],
  exports: [DoctorsAdminService, PatientsAdminService, PatientDirectoryService, DirectoryModule],
})
export class DirectoryAdminModule {}
