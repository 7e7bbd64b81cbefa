import { Module } from '@nestjs/common';
import { DoctorWithdrawalService } from './doctor-withdrawal.service';

/** The scheduling side of a doctor leaving service. */
@Module({
  providers: [DoctorWithdrawalService],
  exports: [DoctorWithdrawalService],
})
export class DoctorWithdrawalModule {}
