import { mapCache } from '../../../../test/support/map-cache';
import { CACHE_KEYS } from '../common/cache/cache-keys';
import { CacheService } from '../common/cache/cache.service';
import { ConflictError, NotFoundError } from '../common/errors/domain-errors';
import { DomainEvents } from '../common/events/domain-events';
import type { UnitOfWork } from '../common/events/unit-of-work';
import { stateFact, unitOver } from '../../../../test/support/unit-of-work';
import type { SpecializationsRepository, SpecializationWithCount } from './specializations.repository';
import { SpecializationsService } from './specializations.service';

class FakeSpecializations {
  rows: (SpecializationWithCount & { assigned: number })[] = [];
  listCalls = 0;
  async listWithActiveDoctorCounts() {
    this.listCalls++;
    return this.rows.map(({ assigned: _assigned, ...r }) => r);
  }
  async findWithActiveDoctorCount(id: string) {
    const row = this.rows.find((r) => r.id === id);
    if (!row) return null;
    const { assigned: _assigned, ...rest } = row;
    return rest;
  }
  async findById(id: string) {
    return this.rows.find((r) => r.id === id) ?? null;
  }
  async nameTaken(name: string, exceptId?: string) {
    return this.rows.some((r) => r.name.toLowerCase() === name.toLowerCase() && r.id !== exceptId);
  }
  async create(input: { name: string; description: string }) {
    const row = { id: `id-${this.rows.length + 1}`, doctorCount: 0, assigned: 0, ...input };
    this.rows.push(row);
    return row;
  }
  async update(id: string, patch: Partial<{ name: string; description: string }>) {
    Object.assign(
      this.rows.find((r) => r.id === id)!,
      patch,
    );
  }
  async countAssignedDoctors(id: string) {
    return this.rows.find((r) => r.id === id)?.assigned ?? 0;
  }
  async delete(id: string) {
    this.rows = this.rows.filter((r) => r.id !== id);
  }
}

describe('SpecializationsService', () => {
  let repo: FakeSpecializations;
  let events: DomainEvents;
  let unit: UnitOfWork;
  let cache: CacheService;
  let service: SpecializationsService;

  beforeEach(() => {
    repo = new FakeSpecializations();
    events = new DomainEvents();
    unit = unitOver(events);
    cache = new CacheService(mapCache());
    service = new SpecializationsService(repo as unknown as SpecializationsRepository, cache, events, unit);
    service.onModuleInit();
  });

  it('serves the list from the cache after the first read', async () => {
    await repo.create({ name: 'Cardiology', description: '' });
    await service.listWithActiveDoctorCounts();
    await service.listWithActiveDoctorCounts();
    expect(repo.listCalls).toBe(1);
    expect(await cache.peek(CACHE_KEYS.specializations)).toHaveLength(1);
  });

  it('drops the cached list when a specialization or a doctor changes', async () => {
    await service.listWithActiveDoctorCounts();
    await service.create({ name: 'Neurology' });
    expect(await service.listWithActiveDoctorCounts()).toEqual([
      { id: 'id-1', name: 'Neurology', description: '', doctorCount: 0 },
    ]);
    repo.rows[0].doctorCount = 3;
    await stateFact(unit, 'doctor.changed', { doctorId: 'd', specializationIds: ['id-1'], deactivated: false });
    expect((await service.listWithActiveDoctorCounts())[0].doctorCount).toBe(3);
  });

  it('states each change once, after its write, through the unit of work', async () => {
    const told: string[] = [];
    events.on('specialization.changed', ({ specializationId }) => void told.push(specializationId));
    const created = await service.create({ name: 'Radiology' });
    await service.update(created.id, { description: 'Imaging' });
    await service.delete(created.id);
    expect(told).toEqual([created.id, created.id, created.id]);
    await expect(service.create({ name: 'RADIOLOGY-x' })).resolves.toBeDefined();
    await expect(service.create({ name: 'radiology-X' })).rejects.toBeInstanceOf(ConflictError);
    expect(told).toHaveLength(4);
  });

  it('refuses a duplicate name whatever its case', async () => {
    await service.create({ name: 'Dermatology' });
    await expect(service.create({ name: 'DERMATOLOGY' })).rejects.toBeInstanceOf(ConflictError);
    const other = await service.create({ name: 'Oncology' });
    await expect(service.update(other.id, { name: 'dermatology' })).rejects.toMatchObject({
      code: 'specialization_name_taken',
    });
  });

  it('refuses to delete a specialization any doctor (even a removed one) is assigned to', async () => {
    const s = await service.create({ name: 'Pediatrics' });
    repo.rows[0].assigned = 1;
    await expect(service.delete(s.id)).rejects.toMatchObject({ code: 'specialization_in_use', status: 409 });
    expect(repo.rows).toHaveLength(1);
  });

  it('answers NotFound for an unknown id on update and delete', async () => {
    await expect(service.update('missing', { name: 'X' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.delete('missing')).rejects.toBeInstanceOf(NotFoundError);
  });
});
