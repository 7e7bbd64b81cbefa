import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { ApiPageResponse, Page, PageQueryDto, pageRequest } from '../common/http/pagination';
import { AppointmentQueriesService } from '../scheduling/appointment-queries.service';
import { AppointmentDto } from '../scheduling/dto/appointment.dto';
import { DoctorPatientDto } from '../scheduling/dto/scheduling.dto';
import { profileOf } from '../scheduling/profile';

@ApiTags('doctor')
@Controller('doctor/patients')
export class DoctorPatientsController {
  constructor(private readonly queries: AppointmentQueriesService) {}

  /** Patients who have or had an appointment with this doctor, by name. */
  @Get()
  @Auth({ permissions: ['doctor-patients:read'] })
  @ApiPageResponse(DoctorPatientDto)
  @ApiProblems(400)
  async list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<Page<DoctorPatientDto>> {
    return this.queries.patientsOfDoctor(profileOf(user), pageRequest(query));
  }

  /**
   * The patient's appointments with every doctor, with treatments, latest first.
   * 404 unless the patient has or had an appointment with this doctor.
   */
  @Get(':patientId/history')
  @Auth({ permissions: ['doctor-patients:read'] })
  @ApiPageResponse(AppointmentDto)
  @ApiProblems(400, 404)
  async history(
    @CurrentUser() user: AuthUser,
    @Param('patientId', new ParseUUIDPipe()) patientId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<AppointmentDto>> {
    return this.queries.historyForDoctor(profileOf(user), patientId, pageRequest(query));
  }
}
