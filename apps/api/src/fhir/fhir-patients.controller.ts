import { Controller, Get, Param, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Patient } from '@medplum/fhirtypes';
import { Auth, CurrentUser } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { NotFoundError } from '../common/errors/domain-errors';
import { PatientDirectoryService } from '../directory/patient-directory.service';
import { PatientsAdminService } from '../directory/patients-admin.service';
import { CareRelationship } from '../scheduling/care-relationship';
import { profileOf } from '../scheduling/profile';
import { FhirResponseInterceptor } from './fhir-http';
import { toFhirPatient } from './fhir-resources';
import { isUuid } from './fhir-search';

/**
 * FHIR Patient read: the patient themself, a doctor in whose care they are
 * (the care relationship rule of the doctor's routes), or an admin. Anyone
 * else, like an unknown id, is 404. Staff reads are audited as details reads.
 */
@ApiExcludeController()
@Controller('fhir')
@UseInterceptors(FhirResponseInterceptor)
export class FhirPatientsController {
  constructor(
    private readonly ownProfile: PatientDirectoryService,
    private readonly patients: PatientsAdminService,
    private readonly care: CareRelationship,
  ) {}

  @Get('Patient/:id')
  @Auth()
  async read(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<Patient> {
    if (!isUuid(id)) throw new NotFoundError('Patient');
    const patientId = id.toLowerCase();
    if (user.role === 'patient') {
      if (profileOf(user) !== patientId) throw new NotFoundError('Patient');
      return toFhirPatient(await this.ownProfile.profile(user));
    }
    if (user.role === 'doctor') {
      await this.care.assertDoctorMaySee(profileOf(user), patientId);
    }
    const { appointments: _history, ...patient } = await this.patients.get(patientId);
    return toFhirPatient(patient);
  }
}
