import { ApiProperty } from '@nestjs/swagger';
import { AppointmentDto } from '../../scheduling/dto/appointment.dto';
import { PatientDto } from './directory.dto';

/** A patient with their appointment history (latest first), as admins read it. */
export class PatientDetailsDto extends PatientDto {
  @ApiProperty({ type: [AppointmentDto], description: 'Every appointment of the patient, latest first' })
  appointments!: AppointmentDto[];
}
