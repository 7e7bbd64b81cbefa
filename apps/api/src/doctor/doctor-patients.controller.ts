import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { ApiPageResponse, Page, PageQueryDto, pageRequest } from '../common/http/pagination';
import { AppointmentQueriesService } from '../scheduling/appointment-queries.service';
import { PatientHistoryEntryDto } from '../directory/dto/patient-history.dto';
import { DoctorPatientDto } from '../scheduling/dto/scheduling.dto';
import { profileOf } from '../scheduling/profile';
import { DoctorPatientsQueryDto } from './dto/doctor.dto';

@ApiTags('doctor')
@Controller('doctor/patients')
export class DoctorPatientsController {
  constructor(private readonly queries: AppointmentQueriesService) {}

  /**
   * Patients in this doctor's care, by name: a booked, checked-in or completed
   * appointment with this doctor (a cancelled one alone does not count).
   */
  @Get()
  @Auth({ permissions: ['doctor-patients:read'] })
  @ApiPageResponse(DoctorPatientDto)
  @ApiProblems(400)
  async list(@CurrentUser() user: AuthUser, @Query() query: DoctorPatientsQueryDto): Promise<Page<DoctorPatientDto>> {
    return this.queries.patientsOfDoctor(profileOf(user), pageRequest(query), query.search || undefined);
  }

  /**
   * The patient's appointments with every doctor and department, with
   * treatments, latest first. Each row names the treating doctor and
   * department and is `editable` only on this doctor's own visits. 404 unless the patient is in this doctor's care.
   * Each read is recorded in the audit trail (the patient sees it).
   */
  @Get(':patientId/history')
  @Auth({ permissions: ['doctor-patients:read'] })
  @ApiPageResponse(PatientHistoryEntryDto)
  @ApiProblems(400, 404)
  async history(
    @CurrentUser() user: AuthUser,
    @Param('patientId', new ParseUUIDPipe()) patientId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<PatientHistoryEntryDto>> {
    return this.queries.historyForDoctor(profileOf(user), patientId, pageRequest(query));
  }
}
