import { Module } from '@nestjs/common';
import { DirectoryAdminModule } from '../directory/directory-admin.module';
import { PatientDirectoryController } from './patient-directory.controller';

/**
 * The patient face of the API: thin controllers under /api/v1/patient over the
 * domain modules' services. No rules live here.
 */
@Module({
  imports: [DirectoryAdminModule],
  controllers: [PatientDirectoryController],
})
export class PatientModule {}
