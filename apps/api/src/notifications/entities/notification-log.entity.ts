import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const NOTIFICATION_STATES = ['sending', 'sent', 'failed'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/**
 * One row per email the product ever meant to send, keyed by its business
 * key (`reminder:<appointmentId>:<date>`, `monthly-report:<doctorId>:<YYYY-MM>`,
 * `export:<jobId>`, `appointment.booked:<id>:<sequence>`...). A key is
 * claimed ('sending') before the send and marked 'sent' after it, so a
 * second run, a second scheduler or a retried job skips what already went out.
 */
@Entity({ name: 'notification_log' })
@Check('CHK_notification_log_state', `"state" IN (${NOTIFICATION_STATES.map((s) => `'${s}'`).join(', ')})`)
export class NotificationLogEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ type: 'varchar', length: 16, default: 'sending' })
  state!: NotificationState;

  @Column({ type: 'integer', default: 1 })
  attempts!: number;

  /** When the current attempt claimed the key; a 'sending' claim older than the lease may be taken over. */
  @Column({ name: 'claimed_at', type: 'timestamptz', default: () => 'now()' })
  claimedAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
