import { Module } from '@nestjs/common';
import { DirectoryAdminModule } from '../directory/directory-admin.module';
import { DirectoryModule } from '../directory/directory.module';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { FhirAppointmentsController } from './fhir-appointments.controller';
import { FhirAuditController } from './fhir-audit.controller';
import { FhirDirectoryController } from './fhir-directory.controller';
import { FhirMetadataController } from './fhir-metadata.controller';
import { FhirPatientsController } from './fhir-patients.controller';

/**
 * The FHIR R4 face at /fhir (beside /api/v1): thin controllers and mappers
 * over the domain modules' services, like the admin, doctor and patient
 * faces. No rules live here.
 */
@Module({
  imports: [DirectoryModule, DirectoryAdminModule, SchedulingModule],
  controllers: [
    FhirMetadataController,
    FhirDirectoryController,
    FhirAppointmentsController,
    FhirPatientsController,
    FhirAuditController,
  ],
})
export class FhirModule {}
