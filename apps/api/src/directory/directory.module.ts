import { Module } from '@nestjs/common';
import { DirectoryRepositoriesModule } from './directory-repositories.module';
import { DirectoryService } from './directory.service';
import { PatientHistoryQuery } from './patient-history.query';
import { PatientDirectoryService } from './patient-directory.service';
import { SpecializationsService } from './specializations.service';

/**
 * Specializations, doctors and patients: the lookups other modules need
 * (DirectoryService), the departments with their active doctor counts, and
 * what patients see of the directory, and the one read of a patient's
 * history (PatientHistoryQuery) admins, the front desk and doctors share. Needs no accounts, so AuthModule can
 * import it; the use cases that create or change accounts live in
 * DirectoryAdminModule.
 */
@Module({
  imports: [DirectoryRepositoriesModule],
  providers: [DirectoryService, SpecializationsService, PatientDirectoryService, PatientHistoryQuery],
  exports: [DirectoryService, SpecializationsService, PatientDirectoryService, PatientHistoryQuery],
})
export class DirectoryModule {}
