import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../common/auth/auth.decorator';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { DoctorReassignmentService } from '../scheduling/doctor-reassignment.service';
import { AppointmentDto } from '../scheduling/dto/appointment.dto';
import { ReassignAppointmentDto } from '../scheduling/dto/doctor-reassignment.dto';

@ApiTags('admin')
@Controller('admin/appointments')
@Auth({ permissions: ['doctors:manage'] })
export class AdminReassignmentController {
  constructor(private readonly reassignment: DoctorReassignmentService) {}

  /**
   * Moves a booked, not yet started visit to another active doctor of the same
   * department at the same time, under every booking rule. Answers the new
   * appointment; the old one is cancelled ("Moved to …") and the patient gets
   * the usual cancellation and booking emails. The slot taken `409`; not
   * booked or started `409`; same doctor, another department, or the other
   * doctor not free then (inactive, no slot starting at that time) `422`.
   */
  @Post(':id/reassign')
  @HttpCode(200)
  @ApiOkResponse({ type: AppointmentDto })
  @ApiProblems(400, 404, 409, 422)
  reassign(@Param('id', ParseUUIDPipe) id: string, @Body() body: ReassignAppointmentDto): Promise<AppointmentDto> {
    return this.reassignment.reassign(id, body.doctorId);
  }
}
