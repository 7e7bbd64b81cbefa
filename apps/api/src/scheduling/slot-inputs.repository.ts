import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AvailabilityInputs } from './availability.repository';
import { flag, occupiedColumn, occupiedOf, slotRuleColumns, slotRuleInputs } from './slot-inputs.sql';

/** The slot inputs of one doctor among many (see SlotInputsRepository.ofDoctors). */
export interface DoctorSlotInputs extends AvailabilityInputs {
  doctorId: string;
}

/**
 * The availability inputs (standing, template, date windows, time off, what
 * occupies slots) of many doctors in one statement: the same selections as
 * the single doctor's availability statement, one row per doctor.
 */
const SLOT_INPUTS_OF_DOCTORS_SQL = `
SELECT d.id AS doctor_id,
  (u.active AND d.removed_at IS NULL) AS active,
  ${slotRuleColumns('d.id', '$2::date', '$3::date')},
  ${occupiedColumn('d.id', '$4', '$5')}
FROM doctors d JOIN users u ON u.id = d.user_id
WHERE d.id = ANY($1::uuid[])`;

/** Read-only, set-based slot inputs for lists that show many doctors at once. */
@Injectable()
export class SlotInputsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The inputs of each known doctor in `doctorIds` (unknown ids are absent), in one round trip. */
  async ofDoctors(
    doctorIds: readonly string[],
    dates: { from: string; to: string },
    span: { start: Date; end: Date },
  ): Promise<DoctorSlotInputs[]> {
    if (doctorIds.length === 0) return [];
    const rows: Record<string, unknown>[] = await this.dataSource.query(SLOT_INPUTS_OF_DOCTORS_SQL, [
      doctorIds,
      dates.from,
      dates.to,
      span.start,
      span.end,
    ]);
    return rows.map((row) => ({
      doctorId: String(row.doctor_id),
      ...slotRuleInputs(row),
      active: flag(row.active),
      occupied: occupiedOf(row),
    }));
  }
}
