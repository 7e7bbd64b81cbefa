import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class CreateTreatmentsExportDto {
  /**
   * Whose appointments and treatments to export. A patient may only name
   * themselves (or leave it out); an admin may name any patient, or leave it
   * out to export every patient.
   */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  patientId?: string;
}
