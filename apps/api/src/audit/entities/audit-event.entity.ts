import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AUDIT_OUTCOMES, type AuditOutcome } from '../audit-actions';

/**
 * One entry of the audit trail. Append-only: the database refuses UPDATE, and
 * DELETE of events younger than the retention period (see the migration's trigger).
 * No foreign keys: an event outlives the user, patient or record it names.
 */
@Entity({ name: 'audit_events' })
@Check('CHK_audit_events_outcome', `"outcome" IN (${AUDIT_OUTCOMES.map((o) => `'${o}'`).join(', ')})`)
@Index('IDX_audit_events_at', ['at'])
@Index('IDX_audit_events_patient_at', ['patientId', 'at'])
@Index('IDX_audit_events_actor_at', ['actorUserId', 'at'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;

  /** The signed-in user who acted; null for anonymous events (a sign-in with an unknown email) and the system. */
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 16, nullable: true })
  actorRole!: string | null;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  /** The patient whose record was read or changed, if any. */
  @Column({ name: 'patient_id', type: 'uuid', nullable: true })
  patientId!: string | null;

  @Column({ name: 'resource_type', type: 'varchar', length: 32, nullable: true })
  resourceType!: string | null;

  @Column({ name: 'resource_id', type: 'varchar', length: 64, nullable: true })
  resourceId!: string | null;

  @Column({ type: 'varchar', length: 8 })
  outcome!: AuditOutcome;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  /** Extra facts of security events (e.g. the email a failed sign-in named). Never clinical text. */
  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;
}
