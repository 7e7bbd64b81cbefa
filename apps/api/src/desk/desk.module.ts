import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DirectoryModule } from '../directory/directory.module';
import { DirectoryRepositoriesModule } from '../directory/directory-repositories.module';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { DeskController } from './desk.controller';
import { DeskRepository } from './desk.repository';
import { DeskPatientsService } from './desk-patients.service';
import { DeskService } from './desk.service';

/** The front desk's face of the API under /api/v1/desk, over the scheduling and directory services. */
@Module({
  imports: [SchedulingModule, AuthModule, DirectoryModule, DirectoryRepositoriesModule],
  controllers: [DeskController],
  providers: [DeskService, DeskPatientsService, DeskRepository],
})
export class DeskModule {}
