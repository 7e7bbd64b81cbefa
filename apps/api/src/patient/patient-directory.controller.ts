import { Body, Controller, Get, Header, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { JSON_CONTENT_TYPE } from '../common/http/compiled-json';
import { ApiPageResponse, pageRequest } from '../common/http/pagination';
import { PublicDoctorDto, PatientDto } from '../directory/dto/directory.dto';
import { SpecializationDto } from '../directory/dto/specialization.dto';
import { PatientDirectoryService } from '../directory/patient-directory.service';
import { SpecializationsService } from '../directory/specializations.service';
import { UpdatePatientProfileDto } from '../directory/dto/patient-profile.dto';
import { DoctorListService } from '../scheduling/doctor-list.service';
import { PatientDoctorListItemDto, PatientDoctorsQueryDto } from './dto/patient-directory.dto';

@ApiTags('patient')
@Controller('patient')
export class PatientDirectoryController {
  constructor(
    private readonly directory: PatientDirectoryService,
    private readonly specializations: SpecializationsService,
    private readonly doctorList: DoctorListService,
  ) {}

  /** Every specialization with its count of active doctors. */
  @Get('specializations')
  @Auth({ permissions: ['doctors:browse'] })
  @Header('Content-Type', JSON_CONTENT_TYPE)
  @ApiOkResponse({ type: [SpecializationDto] })
  listSpecializations(): Promise<Buffer> {
    // Ready JSON bytes (the SpecializationDto list, compiled schema).
    return this.specializations.listBody();
  }

  /**
   * Page of active doctors (without their login email), sorted by name; `search` matches the
   * doctor's name or department name. Each carries `nextFreeAt`, the first free slot within
   * the booking horizon (null: nothing free), kept up to a minute and dropped on any change.
   */
  @Get('doctors')
  @Auth({ permissions: ['doctors:browse'] })
  @Header('Content-Type', JSON_CONTENT_TYPE)
  @ApiPageResponse(PatientDoctorListItemDto)
  @ApiProblems(400)
  listDoctors(@Query() query: PatientDoctorsQueryDto): Promise<Buffer> {
    // Ready JSON bytes (see DoctorListService).
    return this.doctorList.page({ specializationId: query.specializationId, search: query.search }, pageRequest(query));
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
