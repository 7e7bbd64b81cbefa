import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditEntry } from '../audit/audit.service';
import { AuditService } from '../audit/audit.service';
import type { Bind } from '../audit/audit.repository';
import { NotFoundError } from '../common/errors/domain-errors';

/**
 * Appointment statuses that put a patient in a doctor's care: an appointment
 * that is booked, under way (checked in at the desk) or took place. A
 * cancelled (or missed) appointment alone gives a doctor no access.
 */
export const CARE_STATUSES = ['booked', 'checked_in', 'completed'] as const;

/**
 * SQL predicate: the patient (`patientSql`) is in the care of the doctor
 * (`doctorSql`). Both are SQL expressions (columns or bound parameters). The
 * one definition every doctor-facing query uses.
 */
export function inCareSql(doctorSql: string, patientSql: string): string {
  return `EXISTS (SELECT 1 FROM appointments care
                   WHERE care.doctor_id = ${doctorSql} AND care.patient_id = ${patientSql}
                     AND care.status IN (${CARE_STATUSES.map((s) => `'${s}'`).join(', ')}))`;
}

/**
 * The care relationship rule: a doctor sees a patient, their history and
 * their details only while the patient is in their care. Every doctor-facing
 * read of a patient goes through here (lists through `inCareSql`).
 */
@Injectable()
export class CareRelationship {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** True while the patient is in the doctor's care. */
  async doctorMaySee(doctorId: string, patientId: string): Promise<boolean> {
    const rows: { ok: boolean }[] = await this.dataSource.query(`SELECT ${inCareSql('$1::uuid', '$2::uuid')} AS ok`, [
      doctorId,
      patientId,
    ]);
    return rows[0]?.ok === true;
  }

  /**
   * Answers when the doctor may see the patient, else `404 patient_not_found`
   * (never revealing that the patient exists). With `audit`, the check and the
   * audit event of the read are one statement: the event is written only when
   * access is granted; a refusal is recorded as `denied`. A failed audit write
   * fails the read (503).
   */
  async assertDoctorMaySee(
    doctorId: string,
    patientId: string,
    audit?: Omit<AuditEntry, 'patientId' | 'outcome'>,
  ): Promise<void> {
    if (!audit) {
      if (await this.doctorMaySee(doctorId, patientId)) return;
      throw new NotFoundError('Patient');
    }
    const condition = (bind: Bind) => inCareSql(`${bind(doctorId)}::uuid`, `${bind(patientId)}::uuid`);
    if (await this.audit.recordIf({ ...audit, patientId, outcome: 'success' }, condition)) return;
    await this.audit.record({ ...audit, patientId, outcome: 'denied' });
    throw new NotFoundError('Patient');
  }
}
