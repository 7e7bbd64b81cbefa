import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { ApiPageResponse, Page, pageRequest } from '../common/http/pagination';
import { PublicDoctorDto, PatientDto } from '../directory/dto/directory.dto';
import { SpecializationDto } from '../directory/dto/specialization.dto';
import { PatientDirectoryService } from '../directory/patient-directory.service';
import { SpecializationsService } from '../directory/specializations.service';
import { UpdatePatientProfileDto } from '../directory/dto/patient-profile.dto';
import { NextFreeService } from '../scheduling/next-free.service';
import { PatientDoctorListItemDto, PatientDoctorsQueryDto } from './dto/patient-directory.dto';

@ApiTags('patient')
@Controller('patient')
export class PatientDirectoryController {
  constructor(
    private readonly directory: PatientDirectoryService,
    private readonly specializations: SpecializationsService,
    private readonly nextFree: NextFreeService,
  ) {}

  /** Every specialization with its count of active doctors. */
  @Get('specializations')
  @Auth({ permissions: ['doctors:browse'] })
  @ApiOkResponse({ type: [SpecializationDto] })
  listSpecializations(): Promise<SpecializationDto[]> {
    return this.specializations.listWithActiveDoctorCounts();
  }

  /**
   * Page of active doctors (without their login email), sorted by name; `search` matches the
   * doctor's name or department name. Each carries `nextFreeAt`, the first free slot within
   * the booking horizon (null: nothing free), kept up to a minute and dropped on any change.
   */
  @Get('doctors')
  @Auth({ permissions: ['doctors:browse'] })
  @ApiPageResponse(PatientDoctorListItemDto)
  @ApiProblems(400)
  async listDoctors(@Query() query: PatientDoctorsQueryDto): Promise<Page<PatientDoctorListItemDto>> {
    const page = await this.directory.browseDoctors(
      { specializationId: query.specializationId, search: query.search },
      pageRequest(query),
    );
    const next = await this.nextFree.forDoctors(page.items.map((d) => d.id));
    return { ...page, items: page.items.map((d) => ({ ...d, nextFreeAt: next.get(d.id) ?? null })) };
  }

  /** An active doctor's profile; deactivated, removed or unknown doctors answer 404. */
  @Get('doctors/:id')
  @Auth({ permissions: ['doctors:browse'] })
  @ApiOkResponse({ type: PublicDoctorDto })
  @ApiProblems(400, 404)
  getDoctor(@Param('id', ParseUUIDPipe) id: string): Promise<PublicDoctorDto> {
    return this.directory.doctor(id);
  }

  /** The caller's own profile. */
  @Get('profile')
  @Auth({ permissions: ['profile:manage'] })
  @ApiOkResponse({ type: PatientDto })
  getProfile(@CurrentUser() user: AuthUser): Promise<PatientDto> {
    return this.directory.profile(user);
  }

  /** Edits the caller's own profile; null clears phone or date of birth. */
  @Patch('profile')
  @Auth({ permissions: ['profile:manage'] })
  @ApiOkResponse({ type: PatientDto })
  @ApiProblems(400)
  updateProfile(@CurrentUser() user: AuthUser, @Body() body: UpdatePatientProfileDto): Promise<PatientDto> {
    return this.directory.updateProfile(user, body);
  }
}
