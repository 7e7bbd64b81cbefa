import { Module } from '@nestjs/common';
import { DirectoryService } from './directory.service';
import { DoctorsRepository } from './doctors.repository';
import { PatientsRepository } from './patients.repository';
import { SpecializationsRepository } from './specializations.repository';
import { SpecializationsService } from './specializations.service';

@Module({
  providers: [
    DirectoryService,
    DoctorsRepository,
    PatientsRepository,
    SpecializationsRepository,
    SpecializationsService,
  ],
  exports: [DirectoryService, SpecializationsService],
})
export class DirectoryModule {}
