import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../common/auth/auth.decorator';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { ApiPageResponse, Page, pageRequest } from '../common/http/pagination';
import { DoctorsAdminService } from '../directory/doctors-admin.service';
import { DoctorDto } from '../directory/dto/directory.dto';
import { DoctorReassignmentService } from '../scheduling/doctor-reassignment.service';
import { DeactivationPreviewDto } from '../scheduling/dto/doctor-reassignment.dto';
import { AdminDoctorsQueryDto, CreateDoctorDto, UpdateDoctorDto } from './dto/admin-directory.dto';

@ApiTags('admin')
@Controller('admin/doctors')
@Auth({ permissions: ['doctors:manage'] })
export class AdminDoctorsController {
  constructor(
    private readonly doctors: DoctorsAdminService,
    private readonly reassignment: DoctorReassignmentService,
  ) {}

  /** Page of doctors, removed and deactivated ones included (active false), sorted by name. */
  @Get()
  @ApiPageResponse(DoctorDto)
  @ApiProblems(400)
  list(@Query() query: AdminDoctorsQueryDto): Promise<Page<DoctorDto>> {
    const { search, specializationId, active } = query;
    return this.doctors.list({ search, specializationId, active }, pageRequest(query));
  }

  /**
   * Creates the doctor and their login. Without `password` the doctor is emailed a single-use
   * link (72 hours) to set one; with it, the password is temporary (changed at first sign-in).
   * Duplicate email 409; unknown specialization 422.
   */
  @Post()
  @ApiCreatedResponse({ type: DoctorDto })
  @ApiProblems(400, 409, 422)
  create(@Body() body: CreateDoctorDto): Promise<DoctorDto> {
    return this.doctors.create(body);
  }

  /**
   * What deactivating the doctor now would cancel: every booked visit that has not
   * started, soonest first, with the patient's contact details, and for each the
   * active doctors of the same department free at that very time (to move it with
   * `POST /admin/appointments/:id/reassign`).
   */
  @Get(':id/deactivation-preview')
  @ApiOkResponse({ type: DeactivationPreviewDto })
  @ApiProblems(400, 404)
  deactivationPreview(@Param('id', ParseUUIDPipe) id: string): Promise<DeactivationPreviewDto> {
    return this.reassignment.preview(id);
  }

  @Get(':id')
  @ApiOkResponse({ type: DoctorDto })
  @ApiProblems(400, 404)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<DoctorDto> {
    return this.doctors.get(id);
  }

  /**
   * Edits the doctor. `active: false` blacklists: no login, tokens cut off,
   * hidden from patients, future booked appointments cancelled and the patients told.
   */
  @Patch(':id')
  @ApiOkResponse({ type: DoctorDto })
  @ApiProblems(400, 404, 409, 422)
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateDoctorDto): Promise<DoctorDto> {
    return this.doctors.update(id, body);
  }

  /**
   * Removes the doctor from service (login off, hidden from patients, future
   * booked appointments cancelled). No row or clinical record is deleted;
   * admins still see the doctor with `active: false`. Repeating it changes nothing.
   */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed from service' })
  @ApiProblems(400, 404)
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.doctors.remove(id);
  }
}
