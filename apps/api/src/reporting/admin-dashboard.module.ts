import { Module } from '@nestjs/common';
import { AdminDashboardRepository } from './admin-dashboard.repository';
import { AdminDashboardService } from './admin-dashboard.service';

/** The admin dashboard read model (reporting). */
@Module({
  providers: [AdminDashboardService, AdminDashboardRepository],
  exports: [AdminDashboardService],
})
export class AdminDashboardModule {}
