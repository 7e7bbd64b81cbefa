import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-errors';
import { TreatmentInput, TreatmentRevisionRow, TreatmentsRepository } from './treatments.repository';

/**
 * Clinical records. A treatment belongs to exactly one completed appointment;
 * the scheduling lifecycle decides who may write it and calls in here inside
 * its own transaction.
 */
@Injectable()
export class TreatmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly treatments: TreatmentsRepository,
  ) {}

  async record(em: EntityManager, appointmentId: string, input: TreatmentInput): Promise<void> {
    await this.treatments.insert(em, appointmentId, normalize(input));
  }

  async revise(em: EntityManager, appointmentId: string, input: TreatmentInput): Promise<void> {
    const updated = await this.treatments.update(em, appointmentId, normalize(input));
    if (!updated) throw new NotFoundError('Treatment');
  }

  /** Every version of the appointment's treatment, oldest first; 404 when it has none. */
  async revisions(appointmentId: string): Promise<TreatmentRevisionRow[]> {
    const rows = await this.treatments.revisions(this.dataSource.manager, appointmentId);
    if (rows.length === 0) throw new NotFoundError('Treatment');
    return rows;
  }
}

function normalize(input: TreatmentInput): TreatmentInput {
  return {
    diagnosis: input.diagnosis.trim(),
    prescription: input.prescription?.trim() ?? '',
    notes: input.notes?.trim() ?? '',
  };
}

export type { TreatmentInput, TreatmentRevisionRow };
