import { Injectable } from '@nestjs/common';
import { CACHE_KEYS } from '../common/cache/cache-keys';
import { CACHE_TTL, CacheService } from '../common/cache/cache.service';
import { compileJson, JSON_SCHEMA } from '../common/http/compiled-json';
import type { Page, PageRequest } from '../common/http/pagination';
import type { PublicDoctorDto } from '../directory/dto/directory.dto';
import { PatientDirectoryService, type DoctorBrowseFilter } from '../directory/patient-directory.service';
import { NextFreeService } from './next-free.service';

/** A doctor in the patients' list, with the start of their first free slot (null: nothing free). */
export interface DoctorListItem extends PublicDoctorDto {
  nextFreeAt: string | null;
}

/** The body of `GET /patient/doctors`, compiled once (see PatientDoctorListItemDto). */
export const serializeDoctorPage = compileJson<Page<DoctorListItem>>(
  JSON_SCHEMA.page({
    type: 'object',
    required: ['id', 'fullName', 'specialization', 'qualification', 'experienceYears', 'nextFreeAt'],
    properties: {
      id: JSON_SCHEMA.string,
      fullName: JSON_SCHEMA.string,
      specialization: {
        type: 'object',
        required: ['id', 'name'],
        properties: { id: JSON_SCHEMA.string, name: JSON_SCHEMA.string },
      },
      qualification: JSON_SCHEMA.string,
      experienceYears: JSON_SCHEMA.number,
      nextFreeAt: JSON_SCHEMA.nullableString,
    },
  }),
);

/**
 * The patients' doctor list as ready bytes: a page of active doctors with
 * each one's next free time. Unsearched pages are kept in this process's
 * tier of ready bodies (per specialization, page and page size; the same for
 * every patient), built from the cached list and the page's doctors' next
 * free times, so any change to either drops them; a body lives no longer
 * than its earliest next free time. Searches are built on every request.
 */
@Injectable()
export class DoctorListService {
  constructor(
    private readonly directory: PatientDirectoryService,
    private readonly nextFree: NextFreeService,
    private readonly cache: CacheService,
  ) {}

  async page(filter: DoctorBrowseFilter, request: PageRequest): Promise<Buffer> {
    if (filter.search) return (await this.build(filter, request)).body;
    const list = filter.specializationId
      ? CACHE_KEYS.activeDoctorsOf(filter.specializationId)
      : CACHE_KEYS.activeDoctors;
    const id = `patient-doctors|${filter.specializationId ?? '*'}|${request.page}|${request.pageSize}`;
    return this.cache.readyBody({ id, namespaces: [list.namespace] }, CACHE_TTL.doctors, (watch) =>
      this.build(filter, request, watch),
    );
  }

  private async build(
    filter: DoctorBrowseFilter,
    request: PageRequest,
    watch?: (namespaces: readonly string[]) => void,
  ): Promise<{ body: Buffer; expiresAt?: number }> {
    const page = await this.directory.browseDoctors(filter, request);
    const ids = page.items.map((d) => d.id);
    // Before their cached values are read: a change to one of them while this body is built keeps it out of the tier.
    watch?.(this.nextFree.namespacesOf(ids));
    const next = await this.nextFree.forDoctors(ids);
    let expiresAt = Number.POSITIVE_INFINITY;
    const items = page.items.map((d) => {
      const nextFreeAt = next.get(d.id) ?? null;
      if (nextFreeAt !== null) expiresAt = Math.min(expiresAt, Date.parse(nextFreeAt));
      return { ...d, nextFreeAt };
    });
    return {
      body: serializeDoctorPage({ ...page, items }),
      expiresAt: Number.isFinite(expiresAt) ? expiresAt : undefined,
    };
  }
}
