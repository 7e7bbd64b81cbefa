import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { AppointmentDto } from '../scheduling/dto/appointment.dto';
import { profileOf } from '../scheduling/profile';
import { WaitlistEntryDto, WaitlistOfferDto } from '../waitlist/waitlist.dto';
import { WaitlistService } from '../waitlist/waitlist.service';
import { JoinWaitlistDto } from './dto/waitlist.dto';

@ApiTags('patient')
@Controller('patient')
export class PatientWaitlistController {
  constructor(private readonly waitlist: WaitlistService) {}

  /**
   * Joins a doctor's waitlist for clinic dates from..to (within the booking horizon). When a
   * time in that range becomes free it is held for the longest-waiting patient and they are
   * emailed. 409 when times are free already (book one) or the patient is already waiting for
   * this doctor; 404 for an unknown or inactive doctor; 422 outside the horizon.
   */
  @Post('waitlist')
  @Auth({ permissions: ['waitlist:join'] })
  @ApiCreatedResponse({ type: WaitlistEntryDto })
  @ApiProblems(400, 404, 409, 422)
  async join(@CurrentUser() user: AuthUser, @Body() body: JoinWaitlistDto): Promise<WaitlistEntryDto> {
    return this.waitlist.join(profileOf(user), body);
  }

  /** Own waitlist entries, newest first. */
  @Get('waitlist')
  @Auth({ permissions: ['waitlist:join'] })
  @ApiOkResponse({ type: [WaitlistEntryDto] })
  async list(@CurrentUser() user: AuthUser): Promise<WaitlistEntryDto[]> {
    return this.waitlist.list(profileOf(user));
  }

  /** Leaves the waitlist; a held offer of this entry is released to the next patient. */
  @Delete('waitlist/:id')
  @Auth({ permissions: ['waitlist:join'] })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Left' })
  @ApiProblems(400, 404)
  async leave(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.waitlist.leave(profileOf(user), id);
  }

  /** Open offers: times held for this patient until expiresAt. */
  @Get('offers')
  @Auth({ permissions: ['waitlist:join'] })
  @ApiOkResponse({ type: [WaitlistOfferDto] })
  async offers(@CurrentUser() user: AuthUser): Promise<WaitlistOfferDto[]> {
    return this.waitlist.offers(profileOf(user));
  }

  /** Books the held time (201 Appointment). 409 when the offer is no longer open or its hold ran out. */
  @Post('offers/:id/accept')
  @Auth({ permissions: ['waitlist:join'] })
  @ApiCreatedResponse({ type: AppointmentDto })
  @ApiProblems(400, 404, 409, 422)
  async accept(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<AppointmentDto> {
    return this.waitlist.accept(profileOf(user), id);
  }

  /** Declines the held time; it goes to the next patient waiting. The patient stays on the waitlist. */
  @Post('offers/:id/decline')
  @Auth({ permissions: ['waitlist:join'] })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Declined' })
  @ApiProblems(400, 404, 409)
  async decline(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.waitlist.decline(profileOf(user), id);
  }
}
