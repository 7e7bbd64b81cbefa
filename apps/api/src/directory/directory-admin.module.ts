import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DoctorWithdrawalModule } from '../scheduling/doctor-withdrawal.module';
import { DirectoryModule } from './directory.module';
import { DirectoryRepositoriesModule } from './directory-repositories.module';
import { DoctorsAdminService } from './doctors-admin.service';
import { PatientsAdminService } from './patients-admin.service';

/**
 * The admin's management of doctors and patients. It creates and changes
 * accounts, so it needs AuthModule, which itself imports DirectoryModule:
 * these use cases live in their own module rather than in DirectoryModule.
 */
@Module({
  imports: [DirectoryRepositoriesModule, DirectoryModule, AuthModule, DoctorWithdrawalModule],
  providers: [DoctorsAdminService, PatientsAdminService],
  exports: [DoctorsAdminService, PatientsAdminService],
})
export class DirectoryAdminModule {}
