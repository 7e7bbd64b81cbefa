import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TreatmentEntity } from './entities/treatment.entity';

export interface TreatmentInput {
  diagnosis: string;
  prescription?: string;
  notes?: string;
}

/** The only I/O on treatments; always inside the caller's transaction. */
@Injectable()
export class TreatmentsRepository {
  async insert(em: EntityManager, appointmentId: string, input: TreatmentInput): Promise<void> {
    await em.getRepository(TreatmentEntity).insert({
      appointmentId,
      diagnosis: input.diagnosis,
      prescription: input.prescription ?? '',
      notes: input.notes ?? '',
    });
  }

  /** Replaces the treatment's fields; false when the appointment has none. */
  async update(em: EntityManager, appointmentId: string, input: TreatmentInput): Promise<boolean> {
    const result = await em
      .getRepository(TreatmentEntity)
      .update(
        { appointmentId },
        { diagnosis: input.diagnosis, prescription: input.prescription ?? '', notes: input.notes ?? '' },
      );
    return (result.affected ?? 0) > 0;
  }
}
