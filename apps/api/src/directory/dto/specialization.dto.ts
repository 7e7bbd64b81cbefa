import { ApiProperty } from '@nestjs/swagger';

/** Specialization (department) as the API shows it. */
export class SpecializationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Cardiology' }) name!: string;
  @ApiProperty({ example: 'Heart and circulation' }) description!: string;
  @ApiProperty({ description: 'Active doctors (not deactivated, not removed) in this specialization', example: 4 })
  doctorCount!: number;
}
