import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A message that a committed change must send (transactional outbox). It is
 * written in the same transaction as the change, then relayed to the mail
 * queue; a change therefore never loses its mail, even with Redis down.
 */
@Entity({ name: 'outbox_messages' })
@Index('IDX_outbox_messages_pending', ['createdAt'], { where: '"dispatched_at" IS NULL' })
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** What happened, e.g. appointment.booked, appointment.cancelled, appointment.rescheduled. */
  @Column({ type: 'varchar', length: 64 })
  kind!: string;

  /** The appointment (or other aggregate) the message is about. */
  @Index('IDX_outbox_messages_aggregate')
  @Column({ name: 'aggregate_id', type: 'uuid' })
  aggregateId!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload!: Record<string, unknown>;

  /** Business key: the same change never produces two messages. */
  @Index('UQ_outbox_messages_dedupe', { unique: true })
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200 })
  dedupeKey!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt!: Date | null;

  /** The mail job that carried the message (set with dispatched_at). */
  @Column({ name: 'job_id', type: 'varchar', length: 240, nullable: true })
  jobId!: string | null;

  /** Set while a relay holds the message (between its claim and the enqueue); another relay takes it after this. */
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil!: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
