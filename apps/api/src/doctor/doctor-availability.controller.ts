import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { AvailabilityService } from '../scheduling/availability.service';
import { AvailabilityWindowDto } from '../scheduling/dto/scheduling.dto';
import { profileOf } from '../scheduling/profile';
import { DateRangeQueryDto } from '../scheduling/dto/date-range-query.dto';
import { PublishWindowDto } from './dto/doctor.dto';

@ApiTags('doctor')
@Controller('doctor/availability')
export class DoctorAvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  /** Own availability windows on clinic dates from..to (default today..today+horizon), in time order. */
  @Get()
  @Auth({ permissions: ['availability:manage'] })
  @ApiOkResponse({ type: [AvailabilityWindowDto] })
  @ApiProblems(400)
  async list(@CurrentUser() user: AuthUser, @Query() query: DateRangeQueryDto): Promise<AvailabilityWindowDto[]> {
    return this.availability.list(profileOf(user), query.from, query.to);
  }

  /**
   * Publishes a window. 409 when it overlaps an own window; 422 when the date is
   * outside today..today+horizon, the end is not after the start, a time does not
   * exist that day (daylight-saving gap), or slotMinutes does not divide the window.
   */
  @Post()
  @Auth({ permissions: ['availability:manage'] })
  @ApiCreatedResponse({ type: AvailabilityWindowDto })
  @ApiProblems(400, 409, 422)
  async publish(@CurrentUser() user: AuthUser, @Body() body: PublishWindowDto): Promise<AvailabilityWindowDto> {
    return this.availability.publish(profileOf(user), body);
  }

  /** Removes an own window; 409 while a booked appointment lies inside it. */
  @Delete(':id')
  @Auth({ permissions: ['availability:manage'] })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(400, 404, 409)
  async remove(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.availability.remove(profileOf(user), id);
  }
}
