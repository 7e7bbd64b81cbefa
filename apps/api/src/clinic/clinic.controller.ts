import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/auth.decorator';
import { clinicToday } from '../common/time/clinic-time';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ClinicInfoDto } from './clinic.dto';

@ApiTags('clinic')
@Controller('clinic')
export class ClinicController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The clinic's name, time zone, today's clinic date, the booking horizon and the idle sign-out. */
  @Get()
  @Public()
  @ApiOkResponse({ type: ClinicInfoDto })
  info(): ClinicInfoDto {
    return {
      name: this.config.clinicName,
      timeZone: this.config.clinicTimezone,
      today: clinicToday(this.config.clinicTimezone),
      bookingHorizonDays: this.config.bookingHorizonDays,
      sessionIdleMinutes: this.config.sessionIdleMinutes,
    };
  }
}
