import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../common/auth/auth.decorator';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { ApiPageResponse, Page, pageRequest } from '../common/http/pagination';
import { PatientDto } from '../directory/dto/directory.dto';
import { PatientDetailsDto } from '../directory/dto/patient-details.dto';
import { PatientsAdminService } from '../directory/patients-admin.service';
import { AdminPatientsQueryDto, UpdatePatientDto } from './dto/admin-directory.dto';

@ApiTags('admin')
@Controller('admin/patients')
@Auth({ permissions: ['patients:manage'] })
export class AdminPatientsController {
  constructor(private readonly patients: PatientsAdminService) {}

  /** Page of patients, sorted by name; `search` matches name, email, phone or the exact id. */
  @Get()
  @ApiPageResponse(PatientDto)
  @ApiProblems(400)
  list(@Query() query: AdminPatientsQueryDto): Promise<Page<PatientDto>> {
    return this.patients.list({ search: query.search, active: query.active }, pageRequest(query));
  }

  /** The patient with their appointment history, latest first. */
  @Get(':id')
  @ApiOkResponse({ type: PatientDetailsDto })
  @ApiProblems(400, 404)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<PatientDetailsDto> {
    return this.patients.get(id);
  }

  /** Edits the profile; `active: false` blacklists (no login, tokens cut off), `active: true` restores. */
  @Patch(':id')
  @ApiOkResponse({ type: PatientDetailsDto })
  @ApiProblems(400, 404)
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdatePatientDto): Promise<PatientDetailsDto> {
    return this.patients.update(id, body);
  }
}
