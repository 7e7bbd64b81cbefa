import { Controller, Get, Param, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Patient } from '@medplum/fhirtypes';
import { Auth, CurrentUser } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { NotFoundError } from '../common/errors/domain-errors';
import { PatientDirectoryService } from '../directory/patient-directory.service';
import { PatientsAdminService } from '../directory/patients-admin.service';
import { AppointmentQueriesService } from '../scheduling/appointment-queries.service';
import { profileOf } from '../scheduling/profile';
import { FhirResponseInterceptor } from './fhir-http';
import { toFhirPatient } from './fhir-resources';
import { isUuid } from './fhir-search';

/**
 * FHIR Patient read: the patient themself, a doctor in whose care they are
 * (the very check of the doctor's patient-history route), or an admin.
 * Anyone else, like an unknown id, is 404.
 */
@ApiExcludeController()
@Controller('fhir')
@UseInterceptors(FhirResponseInterceptor)
export class FhirPatientsController {
  constructor(
    private readonly ownProfile: PatientDirectoryService,
    private readonly patients: PatientsAdminService,
    private readonly queries: AppointmentQueriesService,
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
      // 404 unless the patient is in this doctor's care, by the rule of GET /doctor/patients/:id/history.
      await this.queries.historyForDoctor(profileOf(user), patientId, { page: 1, pageSize: 1, offset: 0 });
    }
    const { appointments: _history, ...patient } = await this.patients.get(patientId);
    return toFhirPatient(patient);
  }
}
