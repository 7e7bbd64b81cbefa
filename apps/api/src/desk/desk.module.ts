import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { PatientHistoryQuery } from '../directory/patient-history.query';
import { PatientsRepository } from '../directory/patients.repository';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { DeskController } from './desk.controller';
import { DeskRepository } from './desk.repository';
import { DeskPatientsService } from './desk-patients.service';
import { DeskService } from './desk.service';

/** The front desk's face of the API under /api/v1/desk, over the scheduling and directory services. */
@Module({
  imports: [SchedulingModule, AuthModule],
  controllers: [DeskController],
  providers: [DeskService, DeskPatientsService, DeskRepository, PatientsRepository, PatientHistoryQuery],
})
export class DeskModule {}
