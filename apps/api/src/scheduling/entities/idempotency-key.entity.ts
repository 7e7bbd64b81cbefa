import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A booking request made with an `Idempotency-Key` header, stored in the
 * booking's own transaction: a retry with the same key and body replays the
 * stored answer, and two concurrent requests with one key book once (the
 * second waits on the primary key, then reads the first one's answer).
 */
@Entity({ name: 'booking_idempotency_keys' })
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'patient_id', type: 'uuid', primaryKeyConstraintName: 'PK_booking_idempotency_keys' })
  patientId!: string;

  @PrimaryColumn({ type: 'varchar', length: 200, primaryKeyConstraintName: 'PK_booking_idempotency_keys' })
  key!: string;

  /** SHA-256 of the canonical request body. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ name: 'status_code', type: 'integer' })
  statusCode!: number;

  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody!: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
