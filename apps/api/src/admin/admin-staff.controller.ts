import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../common/auth/auth.decorator';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { InviteStaffDto, StaffMemberDto, UpdateStaffDto } from '../staff/dto/staff.dto';
import { StaffService } from '../staff/staff.service';

@ApiTags('admin')
@Controller('admin/staff')
@Auth({ permissions: ['staff:manage'] })
export class AdminStaffController {
  constructor(private readonly staff: StaffService) {}

  /** Staff accounts (front desk), by name. */
  @Get()
  @ApiOkResponse({ type: [StaffMemberDto] })
  list(): Promise<StaffMemberDto[]> {
    return this.staff.list();
  }

  /** Invites a staff member: the account is created and emailed a set-password link. 409 `email_taken`. */
  @Post()
  @ApiCreatedResponse({ type: StaffMemberDto })
  @ApiProblems(400, 409)
  invite(@Body() body: InviteStaffDto): Promise<StaffMemberDto> {
    return this.staff.invite(body);
  }

  /** `active: false` switches the sign-in off and ends every session; `active: true` restores it. */
  @Patch(':id')
  @ApiOkResponse({ type: StaffMemberDto })
  @ApiProblems(400, 404)
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateStaffDto): Promise<StaffMemberDto> {
    return this.staff.setActive(id, body.active);
  }
}
