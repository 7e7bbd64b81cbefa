import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';

/** Staff accounts besides doctors (the front desk), invited by an admin. */
@Module({
  imports: [AuthModule],
  providers: [StaffRepository, StaffService],
  exports: [StaffService, StaffRepository],
})
export class StaffModule {}
