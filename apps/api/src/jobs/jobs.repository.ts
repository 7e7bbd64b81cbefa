import { Injectable } from '@nestjs/common';
import type { JobStatus } from '@hms/shared';
import { DataSource, EntityManager } from 'typeorm';
import { JobEntity } from './entities/job.entity';

export interface NewJob {
  key: string | null;
  kind: string;
  requestedBy: string | null;
  params: Record<string, unknown>;
}

/** All I/O of the jobs table. */
@Injectable()
export class JobsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(JobEntity);
  }

  /** Inserts the job, or returns the one that already has this key (two schedulers, a second click). */
  async createOrGet(
    input: NewJob,
    em: EntityManager = this.dataSource.manager,
  ): Promise<{ job: JobEntity; created: boolean }> {
    const repo = em.getRepository(JobEntity);
    const inserted = await repo
      .createQueryBuilder()
      .insert()
      .into(JobEntity)
      .values({ key: input.key, kind: input.kind, requestedBy: input.requestedBy, params: input.params as never })
      .orIgnore()
      .returning('id')
      .execute();
    const id = (inserted.raw as { id: string }[])[0]?.id;
    if (id) return { job: await repo.findOneByOrFail({ id }), created: true };
    return { job: await repo.findOneByOrFail({ key: input.key ?? '' }), created: false };
  }

  /** A page of jobs, newest first, optionally of one kind. */
  async page(kind: string | undefined, offset: number, limit: number): Promise<{ items: JobEntity[]; total: number }> {
    const qb = this.repo.createQueryBuilder('j');
    if (kind !== undefined) qb.where('j.kind = :kind', { kind });
    const [items, total] = await qb
      .orderBy('j.createdAt', 'DESC')
      .addOrderBy('j.id', 'DESC')
      .skip(offset)
      .take(limit)
      .getManyAndCount();
    return { items, total };
  }

  findById(id: string): Promise<JobEntity | null> {
    return this.repo.findOneBy({ id });
  }

  async requeue(id: string): Promise<void> {
    await this.repo.update({ id }, { status: 'queued', error: null, finishedAt: null, progress: 0 });
  }

  async markRunning(id: string): Promise<void> {
    await this.repo
      .createQueryBuilder()
      .update(JobEntity)
      .set({ status: 'running', startedAt: () => 'coalesce("started_at", now())' })
      .where('id = :id', { id })
      .execute();
  }

  async setProgress(id: string, progress: number): Promise<void> {
    await this.repo.update({ id }, { progress: Math.max(0, Math.min(100, Math.round(progress))) });
  }

  async finish(
    id: string,
    status: Extract<JobStatus, 'completed' | 'failed' | 'queued'>,
    patch: { result?: Record<string, unknown> | null; error?: string | null; expiresAt?: Date | null },
  ): Promise<void> {
    await this.repo.update(
      { id },
      {
        status,
        ...(status === 'completed' ? { progress: 100 } : {}),
        ...(status === 'queued' ? {} : { finishedAt: new Date() }),
        ...(patch.result !== undefined ? { result: patch.result as never } : {}),
        ...(patch.error !== undefined ? { error: patch.error } : {}),
        ...(patch.expiresAt !== undefined ? { expiresAt: patch.expiresAt } : {}),
      },
    );
  }

  /** Finished jobs of a kind whose output expired and has not been removed yet. */
  async expired(kind: string, now: Date, limit = 500): Promise<JobEntity[]> {
    return this.repo
      .createQueryBuilder('j')
      .where('j.kind = :kind', { kind })
      .andWhere('j.expires_at < :now', { now })
      .andWhere(`coalesce(j.result ->> 'expired', 'false') <> 'true'`)
      .orderBy('j.expires_at')
      .limit(limit)
      .getMany();
  }

  async markExpired(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE jobs SET result = coalesce(result, '{}'::jsonb) || '{"expired": true}'::jsonb WHERE id = $1`,
      [id],
    );
  }
}
