import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedRead, type PreparedRead } from '../database/prepared-query';
import type { AvailabilityInputs } from './availability.repository';
import {
  doctorActiveColumn,
  flag,
  occupiedColumn,
  occupiedOf,
  slotRuleColumns,
  slotRuleInputs,
  type SlotRuleInputs,
} from './slot-inputs.sql';

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

/** One doctor's standing and slot-rule inputs on the clinic dates $2..$3, without what occupies the slots. */
const RULE_INPUTS: PreparedRead = {
  name: 'slot-inputs.rules',
  text: `SELECT ${doctorActiveColumn('$1::uuid')}, ${slotRuleColumns('$1::uuid', '$2::date', '$3::date')}`,
};

/** Read-only slot inputs: one doctor's rule inputs, and set-based inputs for lists that show many doctors at once. */
@Injectable()
export class SlotInputsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The doctor's standing, template, windows on the dates from..to and time off around them, in one round trip. */
  async ruleInputsOf(doctorId: string, from: string, to: string = from): Promise<SlotRuleInputs> {
    const rows = await preparedRead<Record<string, unknown>>(this.dataSource, RULE_INPUTS, [doctorId, from, to]);
    return slotRuleInputs(rows[0] ?? {});
  }

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
