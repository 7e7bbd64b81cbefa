import { Module } from '@nestjs/common';
import { DirectoryService } from './directory.service';
import { DoctorsRepository } from './doctors.repository';
import { PatientsRepository } from './patients.repository';

@Module({
  providers: [DirectoryService, DoctorsRepository, PatientsRepository],
  exports: [DirectoryService],
})
export class DirectoryModule {}
