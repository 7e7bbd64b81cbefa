import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { IsClinicDate } from '../../scheduling/dto/validators';

export class JoinWaitlistDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  doctorId!: string;

  @ApiProperty({ example: '2026-03-02', description: 'First clinic date wanted (today or later)' })
  @IsClinicDate()
  from!: string;

  @ApiProperty({ example: '2026-03-06', description: 'Last clinic date wanted (within the booking horizon)' })
  @IsClinicDate()
  to!: string;
}
