import type { AuthUser } from '../common/auth/auth-user';
import { NotFoundError } from '../common/errors/domain-errors';
import type { JobEntity } from './entities/job.entity';
import { JobRecordsService } from './job-records.service';
import type { JobQueue } from './job-queue';
import type { JobsRepository, NewJob } from './jobs.repository';

class FakeJobs {
  readonly rows = new Map<string, JobEntity>();
  private n = 0;
  async createOrGet(input: NewJob) {
    const existing = [...this.rows.values()].find((j) => input.key !== null && j.key === input.key);
    if (existing) return { job: existing, created: false };
    this.n += 1;
    const id = `00000000-0000-4000-8000-${String(this.n).padStart(12, '0')}`;
    const job = {
      id,
      ...input,
      status: 'queued',
      progress: 0,
      result: null,
      error: null,
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
      expiresAt: null,
    } as JobEntity;
    this.rows.set(id, job);
    return { job, created: true };
  }
  async findById(id: string) {
    return this.rows.get(id) ?? null;
  }
  async requeue(id: string) {
    Object.assign(this.rows.get(id)!, { status: 'queued' });
  }
  async markRunning(id: string) {
    Object.assign(this.rows.get(id)!, { status: 'running' });
  }
  async setProgress(id: string, progress: number) {
    Object.assign(this.rows.get(id)!, { progress });
  }
  async finish(id: string, status: string, patch: Record<string, unknown>) {
    Object.assign(this.rows.get(id)!, { status, ...patch });
  }
}

const launchInput = {
  key: 'daily-reminders:2026-12-03',
  kind: 'daily-reminders',
  requestedBy: 'u1',
  params: {},
  queue: 'mail' as const,
  name: 'daily-reminders',
  data: { date: '2026-12-03' },
  attempts: 3,
  backoffMs: 10,
};

function setup() {
  const jobs = new FakeJobs();
  const enqueue = jest.fn().mockResolvedValue({});
  const service = new JobRecordsService(jobs as unknown as JobsRepository, { enqueue } as unknown as JobQueue);
  return { jobs, enqueue, service };
}

const admin: AuthUser = { userId: 'admin', email: 'a@x', role: 'admin', profileId: null };
const patient: AuthUser = { userId: 'u2', email: 'p@x', role: 'patient', profileId: 'p2' };

describe('JobRecordsService', () => {
  it('records one job per key and enqueues it under the key as job id', async () => {
    const { service, enqueue } = setup();
    const a = await service.launch(launchInput);
    const b = await service.launch(launchInput);
    expect(b.id).toBe(a.id);
    expect(enqueue).toHaveBeenCalledWith(
      'mail',
      'daily-reminders',
      { date: '2026-12-03', jobRecordId: a.id },
      expect.objectContaining({ jobId: 'daily-reminders:2026-12-03', attempts: 3 }),
    );
  });

  it('does not enqueue a completed job again', async () => {
    const { service, enqueue, jobs } = setup();
    const a = await service.launch(launchInput);
    jobs.rows.get(a.id)!.status = 'completed';
    enqueue.mockClear();
    await service.launch(launchInput);
    expect(enqueue).not.toHaveBeenCalled();
  });

  it('hides another user’s job behind 404 but shows it to admins', async () => {
    const { service } = setup();
    const a = await service.launch(launchInput);
    await expect(service.getForCaller(a.id, patient)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.getForCaller('not-a-uuid', admin)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.getForCaller(a.id, admin)).resolves.toMatchObject({ id: a.id });
  });

  it('keeps a failed attempt queued until the last attempt, then marks it failed', async () => {
    const { service, jobs } = setup();
    const a = await service.launch(launchInput);
    const ctx = (attemptsMade: number) => ({
      id: 'q',
      name: 'daily-reminders',
      data: { jobRecordId: a.id },
      attemptsMade,
      progress: async () => undefined,
    });
    const boom = async () => Promise.reject(new Error('boom'));
    await expect(service.track(ctx(0), 3, boom)).rejects.toThrow('boom');
    expect(jobs.rows.get(a.id)!.status).toBe('queued');
    await expect(service.track(ctx(2), 3, boom)).rejects.toThrow('boom');
    expect(jobs.rows.get(a.id)!.status).toBe('failed');
    await service.track(ctx(0), 3, async (progress) => {
      await progress(50);
      return { result: { ok: true } };
    });
    expect(jobs.rows.get(a.id)).toMatchObject({ status: 'completed', result: { ok: true } });
  });
});
