import { Injectable, OnModuleInit } from '@nestjs/common';
import { CACHE_KEYS } from '../common/cache/cache-keys';
import { CACHE_TTL, CacheService } from '../common/cache/cache.service';
import { compileJson, JSON_SCHEMA } from '../common/http/compiled-json';
import { ConflictError, NotFoundError } from '../common/errors/domain-errors';
import { DomainEvents } from '../common/events/domain-events';
import { UnitOfWork } from '../common/events/unit-of-work';
import { SpecializationDto } from './dto/specialization.dto';
import { SpecializationsRepository, type SpecializationWithCount } from './specializations.repository';
import { isForeignKeyViolation, isUniqueViolation } from '../database/pg-errors';

export interface SpecializationInput {
  name: string;
  description?: string;
}

function toDto(s: SpecializationWithCount): SpecializationDto {
  return { id: s.id, name: s.name, description: s.description, doctorCount: s.doctorCount };
}

/** The list's body, compiled once (see SpecializationDto). */
const serializeSpecializations = compileJson<SpecializationDto[]>({
  type: 'array',
  items: {
    type: 'object',
    required: ['id', 'name', 'description', 'doctorCount'],
    properties: {
      id: JSON_SCHEMA.string,
      name: JSON_SCHEMA.string,
      description: JSON_SCHEMA.string,
      doctorCount: JSON_SCHEMA.integer,
    },
  },
});

const nameTaken = () =>
  new ConflictError('specialization_name_taken', 'A specialization with this name already exists');

/**
 * Departments of the clinic. The list with active doctor counts is cached for
 * an hour under one key and dropped whenever a specialization or a doctor changes.
 */
@Injectable()
export class SpecializationsService implements OnModuleInit {
  constructor(
    private readonly specializations: SpecializationsRepository,
    private readonly cache: CacheService,
    private readonly events: DomainEvents,
    private readonly unit: UnitOfWork,
  ) {}

  onModuleInit(): void {
    const drop = () => this.cache.invalidate(CACHE_KEYS.specializations.namespace);
    this.events.on('specialization.changed', drop);
    // Counts cover active doctors only: any doctor change (added, moved, deactivated, removed) can move them.
    this.events.on('doctor.changed', drop);
  }

  /** Every specialization with its count of active, not removed doctors. Cached 1 h. */
  async listWithActiveDoctorCounts(): Promise<SpecializationDto[]> {
    return this.cache.getOrLoad(CACHE_KEYS.specializations, CACHE_TTL.specializations, async () =>
      (await this.specializations.listWithActiveDoctorCounts()).map(toDto),
    );
  }

  /** The same list as ready JSON bytes, kept in this process's tier of ready bodies. */
  listBody(): Promise<Buffer> {
    const namespace = CACHE_KEYS.specializations.namespace;
    return this.cache.readyBody(
      { id: 'specializations', namespaces: [namespace] },
      CACHE_TTL.specializations,
      async () => ({
        body: serializeSpecializations(await this.listWithActiveDoctorCounts()),
      }),
    );
  }

  async get(id: string): Promise<SpecializationDto> {
    const found = await this.specializations.findWithActiveDoctorCount(id);
    if (!found) throw new NotFoundError('Specialization');
    return toDto(found);
  }

  /** Throws 404 unless the specialization exists. */
  async assertExists(id: string): Promise<void> {
    if (!(await this.specializations.findById(id))) throw new NotFoundError('Specialization');
  }

  async create(input: SpecializationInput): Promise<SpecializationDto> {
    if (await this.specializations.nameTaken(input.name)) throw nameTaken();
    let id: string;
    try {
      id = await this.unit.run(async ({ em, record }) => {
        const created = await this.specializations.create(
          { name: input.name, description: input.description ?? '' },
          em,
        );
        record('specialization.changed', { specializationId: created.id });
        return created.id;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken();
      throw error;
    }
    return this.get(id);
  }

  async update(id: string, patch: Partial<SpecializationInput>): Promise<SpecializationDto> {
    await this.assertExists(id);
    if (patch.name !== undefined && (await this.specializations.nameTaken(patch.name, id))) throw nameTaken();
    const changes = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
    };
    try {
      await this.unit.run(async ({ em, record }) => {
        await this.specializations.update(id, changes, em);
        record('specialization.changed', { specializationId: id });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken();
      throw error;
    }
    return this.get(id);
  }

  /**
   * Deletes a specialization no doctor refers to. Deactivated and removed
   * doctors keep their specialization, so they block the delete too.
   */
  async delete(id: string): Promise<void> {
    const inUse = () =>
      new ConflictError(
        'specialization_in_use',
        'Doctors are assigned to this specialization (removed and deactivated doctors included); move them first',
      );
    try {
      await this.unit.run(async ({ em, record }) => {
        if (!(await this.specializations.findById(id, em))) throw new NotFoundError('Specialization');
        if ((await this.specializations.countAssignedDoctors(id, em)) > 0) throw inUse();
        await this.specializations.delete(id, em);
        record('specialization.changed', { specializationId: id });
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) throw inUse();
      throw error;
    }
  }
}
