import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../common/auth/auth.decorator';
import { JSON_CONTENT_TYPE } from '../common/http/compiled-json';
import { AdminDashboardDto } from '../reporting/admin-dashboard.dto';
import { AdminDashboardService } from '../reporting/admin-dashboard.service';

@ApiTags('admin')
@Controller('admin/dashboard')
@Auth({ permissions: ['admin:dashboard'] })
export class AdminDashboardController {
  constructor(private readonly dashboard: AdminDashboardService) {}

  /** Counts of the clinic; cached up to 5 minutes, dropped on every appointment, doctor, patient or department change. */
  @Get()
  @Header('Content-Type', JSON_CONTENT_TYPE)
  @ApiOkResponse({ type: AdminDashboardDto })
  get(): Promise<Buffer> {
    return this.dashboard.dashboardBody();
  }
}
