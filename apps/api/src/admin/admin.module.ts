import { AdminAuditController } from './admin-audit.controller';
import { Module } from '@nestjs/common';
import { BackgroundModule } from '../jobs/background.module';
import { DirectoryAdminModule } from '../directory/directory-admin.module';
import { DirectoryModule } from '../directory/directory.module';
import { AdminDashboardModule } from '../reporting/admin-dashboard.module';
import { AdminDashboardController } from './admin-dashboard.controller';
import { AdminJobsController } from './admin-jobs.controller';
import { AdminDoctorsController } from './admin-doctors.controller';
import { AdminPatientsController } from './admin-patients.controller';
import { AdminSpecializationsController } from './admin-specializations.controller';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { AdminAppointmentsController } from './admin-appointments.controller';
import { AdminStaffController } from './admin-staff.controller';
import { AdminReassignmentController } from './admin-reassignment.controller';
import { StaffModule } from '../staff/staff.module';

/**
 * The admin face of the API: thin controllers under /api/v1/admin over the
 * domain modules' services. No rules live here.
 */
@Module({
  imports: [
    DirectoryModule,
    DirectoryAdminModule,
    AdminDashboardModule,
    SchedulingModule,
    BackgroundModule,
    StaffModule,
  ],
  controllers: [
    AdminDashboardController,
    AdminSpecializationsController,
    AdminDoctorsController,
    AdminPatientsController,
    AdminAppointmentsController,
    AdminAuditController,
    AdminJobsController,
    AdminStaffController,
    AdminReassignmentController,
  ],
})
export class AdminModule {}
