import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { ScheduleDto, TimeOffDto } from '../scheduling/dto/schedule.dto';
import { profileOf } from '../scheduling/profile';
import { ScheduleService } from '../scheduling/schedule.service';
import { CreateTimeOffDto, PutScheduleDto, TimeOffQueryDto } from './dto/schedule.dto';

@ApiTags('doctor')
@Controller('doctor')
export class DoctorScheduleController {
  constructor(private readonly schedule: ScheduleService) {}

  /** The own recurring week (empty until set) with its slot length, buffer and minimum notice. */
  @Get('schedule')
  @Auth({ permissions: ['availability:manage'] })
  @ApiOkResponse({ type: ScheduleDto })
  async get(@CurrentUser() user: AuthUser): Promise<ScheduleDto> {
    return this.schedule.get(profileOf(user));
  }

  /**
   * Replaces the recurring week. Bookable slots on each date come from the template's windows
   * of that weekday plus that date's own windows, minus time off and what is booked. Existing
   * appointments are never touched. 422 when a window ends before it starts, is shorter than a
   * slot, or overlaps another window of its weekday.
   */
  @Put('schedule')
  @Auth({ permissions: ['availability:manage'] })
  @ApiOkResponse({ type: ScheduleDto })
  @ApiProblems(400, 422)
  async put(@CurrentUser() user: AuthUser, @Body() body: PutScheduleDto): Promise<ScheduleDto> {
    return this.schedule.put(profileOf(user), body);
  }

  /** Own time off on clinic dates from..to (default today to a year ahead). */
  @Get('time-off')
  @Auth({ permissions: ['availability:manage'] })
  @ApiOkResponse({ type: [TimeOffDto] })
  @ApiProblems(400)
  async listTimeOff(@CurrentUser() user: AuthUser, @Query() query: TimeOffQueryDto): Promise<TimeOffDto[]> {
    return this.schedule.listTimeOff(profileOf(user), query.from, query.to);
  }

  /**
   * Blocks a whole day (no times) or part of one, today up to a year ahead. Booked appointments
   * inside: 409 with them listed in `appointments`, unless `cancelBooked: true`, which cancels them
   * in the same transaction (patients told). 409 too when it overlaps other time off.
   */
  @Post('time-off')
  @Auth({ permissions: ['availability:manage'] })
  @ApiCreatedResponse({ type: TimeOffDto })
  @ApiProblems(400, 409, 422)
  async addTimeOff(@CurrentUser() user: AuthUser, @Body() body: CreateTimeOffDto): Promise<TimeOffDto> {
    return this.schedule.addTimeOff(profileOf(user), body);
  }

  /** Removes own time off; its slots are offered again. */
  @Delete('time-off/:id')
  @Auth({ permissions: ['availability:manage'] })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(400, 404)
  async removeTimeOff(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.schedule.removeTimeOff(profileOf(user), id);
  }
}
