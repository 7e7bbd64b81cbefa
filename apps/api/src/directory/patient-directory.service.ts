import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { assertDateOfBirthNotInFuture } from './date-of-birth';
import type { AuthUser } from '../common/auth/auth-user';
import { CACHE_KEYS } from '../common/cache/cache-keys';
import { CACHE_TTL, CacheService } from '../common/cache/cache.service';
import { NotFoundError } from '../common/errors/domain-errors';
import { DomainEvents } from '../common/events/domain-events';
import { UnitOfWork } from '../common/events/unit-of-work';
import { Page, PageRequest, toPage } from '../common/http/pagination';
import { DoctorsRepository } from './doctors.repository';
import { PatientDto, PublicDoctorDto, toDoctorDto, toPatientDto, toPublicDoctorDto } from './dto/directory.dto';
import { profilePatch } from './patients-admin.service';
import { PatientsRepository } from './patients.repository';

export interface DoctorBrowseFilter {
  specializationId?: string;
  search?: string;
}

export interface ProfileUpdateInput {
  fullName?: string;
  phone?: string | null;
  dateOfBirth?: string | null;
}

/**
 * What patients see of the directory: active doctors only, and their own
 * profile. The unsearched doctor lists (all, and per specialization) are
 * cached whole for 10 minutes and paged in memory (a clinic has at most a
 * few hundred doctors); searches always go to the database, so no cache key
 * exists that an edit could not drop.
 */
@Injectable()
export class PatientDirectoryService implements OnModuleInit {
  constructor(
    private readonly doctors: DoctorsRepository,
    private readonly patients: PatientsRepository,
    private readonly cache: CacheService,
    private readonly events: DomainEvents,
    private readonly unit: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.events.on('doctor.changed', ({ specializationIds }) =>
      this.cache.invalidate(
        CACHE_KEYS.activeDoctors.namespace,
        ...specializationIds.map((id) => CACHE_KEYS.activeDoctorsOf(id).namespace),
      ),
    );
    // Doctors carry their specialization's name.
    this.events.on('specialization.changed', ({ specializationId }) =>
      this.cache.invalidate(CACHE_KEYS.activeDoctors.namespace, CACHE_KEYS.activeDoctorsOf(specializationId).namespace),
    );
  }

  async browseDoctors(filter: DoctorBrowseFilter, page: PageRequest): Promise<Page<PublicDoctorDto>> {
    if (filter.search) {
      const [rows, total] = await this.doctors.search({ ...filter, active: true, searchEmail: false }, page);
      return toPage(rows.map(toPublicDoctorDto), total, page);
    }
    const key = filter.specializationId
      ? CACHE_KEYS.activeDoctorsOf(filter.specializationId)
      : CACHE_KEYS.activeDoctors;
    const all = await this.cache.getOrLoad(key, CACHE_TTL.doctors, async () =>
      (await this.doctors.listActive(filter.specializationId)).map(toPublicDoctorDto),
    );
    return toPage(all.slice(page.offset, page.offset + page.pageSize), all.length, page);
  }

  /** An active doctor's profile; deactivated, removed or unknown doctors answer 404. */
  async doctor(id: string): Promise<PublicDoctorDto> {
    const doctor = await this.doctors.findById(id);
    if (!doctor || !toDoctorDto(doctor).active) throw new NotFoundError('Doctor');
    return toPublicDoctorDto(doctor);
  }

  async profile(user: AuthUser): Promise<PatientDto> {
    const patient = user.profileId ? await this.patients.findById(user.profileId) : null;
    if (!patient || patient.userId !== user.userId) throw new NotFoundError('Patient');
    return toPatientDto(patient);
  }

  async updateProfile(user: AuthUser, input: ProfileUpdateInput): Promise<PatientDto> {
    assertDateOfBirthNotInFuture(input.dateOfBirth, this.config.clinicTimezone);
    const current = await this.profile(user);
    await this.unit.run(async ({ em, record }) => {
      await this.patients.update(current.id, profilePatch(input), em);
      record('patient.changed', { patientId: current.id });
    });
    return this.profile(user);
  }
}
