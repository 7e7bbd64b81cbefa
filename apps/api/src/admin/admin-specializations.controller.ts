import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../common/auth/auth.decorator';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { SpecializationDto } from '../directory/dto/specialization.dto';
import { SpecializationsService } from '../directory/specializations.service';
import { CreateSpecializationDto, UpdateSpecializationDto } from './dto/admin-directory.dto';

@ApiTags('admin')
@Controller('admin/specializations')
@Auth({ permissions: ['specializations:manage'] })
export class AdminSpecializationsController {
  constructor(private readonly specializations: SpecializationsService) {}

  /** Every specialization with its count of active doctors, sorted by name. */
  @Get()
  @ApiOkResponse({ type: [SpecializationDto] })
  list(): Promise<SpecializationDto[]> {
    return this.specializations.listWithActiveDoctorCounts();
  }

  /** Creates a specialization; a name that exists (whatever its case) answers 409. */
  @Post()
  @ApiCreatedResponse({ type: SpecializationDto })
  @ApiProblems(400, 409)
  create(@Body() body: CreateSpecializationDto): Promise<SpecializationDto> {
    return this.specializations.create(body);
  }

  /** Edits name and/or description. */
  @Patch(':id')
  @ApiOkResponse({ type: SpecializationDto })
  @ApiProblems(400, 404, 409)
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateSpecializationDto): Promise<SpecializationDto> {
    return this.specializations.update(id, body);
  }

  /** Deletes a specialization no doctor is assigned to (removed and deactivated doctors count): else 409. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(400, 404, 409)
  delete(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.specializations.delete(id);
  }
}
