import { JOB_STATUSES, type JobStatus } from '@hms/shared';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A background job as users see it (`GET /jobs/:id`). Kept in the database so
 * every process (api, worker) reads the same status, progress and result.
 */
@Entity({ name: 'jobs' })
@Check('CHK_jobs_status', `"status" IN (${JOB_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Index('IDX_jobs_kind_created', ['kind', 'createdAt'])
@Index('IDX_jobs_expires', ['expiresAt'], { where: '"expires_at" IS NOT NULL' })
export class JobEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Deterministic business key (e.g. `daily-reminders:2026-12-03`): one job per key. Null for one-off jobs. */
  @Index('UQ_jobs_key', { unique: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  key!: string | null;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status!: JobStatus;

  /** The user who asked for it; null for jobs started by the scheduler. */
  @Index('IDX_jobs_requested_by')
  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  params!: Record<string, unknown>;

  /** 0..100 */
  @Column({ type: 'integer', default: 0 })
  progress!: number;

  @Column({ type: 'jsonb', nullable: true })
  result!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** When the job's output (an export file) is removed. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;
}
