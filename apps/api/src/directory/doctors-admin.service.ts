import { Injectable } from '@nestjs/common';
import { PasswordLifecycleService } from '../auth/password-lifecycle.service';
import { assertPasswordAllowed } from '../auth/password-policy';
import { AuditService } from '../audit/audit.service';
import { UserStatusService } from '../auth/user-status.service';
import { UsersRepository } from '../auth/users.repository';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/errors/domain-errors';
import { UnitOfWork, type Tx } from '../common/events/unit-of-work';
import { Page, PageRequest, toPage } from '../common/http/pagination';
import { DoctorWithdrawalService, type WithdrawnAppointment } from '../scheduling/doctor-withdrawal.service';
import { DoctorFilter, DoctorPatch, DoctorsRepository } from './doctors.repository';
import { DoctorDto, toDoctorDto } from './dto/directory.dto';
import { SpecializationsRepository } from './specializations.repository';
import { isUniqueViolation } from '../database/pg-errors';

export interface NewDoctorInput {
  email: string;
  /** A temporary password; without one the doctor is invited by email to choose it. */
  password?: string;
  fullName: string;
  specializationId: string;
  qualification?: string;
  experienceYears?: number;
}

export interface DoctorUpdateInput {
  fullName?: string;
  specializationId?: string;
  qualification?: string;
  experienceYears?: number;
  active?: boolean;
}

interface ChangeOutcome {
  userId: string;
  specializationIds: string[];
  deactivated: boolean;
  reactivated: boolean;
  cancelled: WithdrawnAppointment[];
}

const emailTaken = () => new ConflictError('email_taken', 'An account with this email already exists');
const unknownSpecialization = () =>
  new RuleViolationError('specialization_unknown', 'specializationId does not name an existing specialization');

/**
 * Admin management of doctors. Deactivating or removing a doctor is one
 * transaction: the login is switched off and every future booked appointment
 * cancelled (with an outbox message per patient); after commit the tokens are
 * cut off and the caches dropped.
 */
@Injectable()
export class DoctorsAdminService {
  constructor(
    private readonly doctors: DoctorsRepository,
    private readonly specializations: SpecializationsRepository,
    private readonly users: UsersRepository,
    private readonly userStatus: UserStatusService,
    private readonly withdrawal: DoctorWithdrawalService,
    private readonly unit: UnitOfWork,
    private readonly lifecycle: PasswordLifecycleService,
    private readonly audit: AuditService,
  ) {}

  async list(filter: DoctorFilter, page: PageRequest): Promise<Page<DoctorDto>> {
    const [rows, total] = await this.doctors.search(filter, page);
    return toPage(rows.map(toDoctorDto), total, page);
  }

  async get(id: string): Promise<DoctorDto> {
    const doctor = await this.doctors.findById(id);
    if (!doctor) throw new NotFoundError('Doctor');
    return toDoctorDto(doctor);
  }

  /**
   * Creates the login (role doctor) and the doctor profile in one transaction.
   * With a password, it is temporary (mustChangePassword); without one, the
   * login has no usable password and the doctor is emailed an invitation link
   * (recorded in the outbox in the same transaction).
   */
  async create(input: NewDoctorInput): Promise<DoctorDto> {
    if (input.password !== undefined) assertPasswordAllowed(input.password, input.email, 'password');
    if (!(await this.specializations.findById(input.specializationId))) throw unknownSpecialization();
    if (await this.users.findByEmail(input.email)) throw emailTaken();
    const invited = input.password === undefined;
    // An invited doctor's login has a random password nobody knows until the link sets one.
    const passwordHash = await this.lifecycle.initialPasswordHash(input.password);
    let id: string;
    try {
      ({ id } = await this.unit.run(async ({ em, record }) => {
        const user = await this.users.create(
          { email: input.email, passwordHash, role: 'doctor', mustChangePassword: !invited },
          em,
        );
        const doctor = await this.doctors.create(
          {
            userId: user.id,
            fullName: input.fullName,
            specializationId: input.specializationId,
            qualification: input.qualification ?? '',
            experienceYears: input.experienceYears ?? 0,
          },
          em,
        );
        if (invited) await this.lifecycle.issueLink(user.id, 'invite', em);
        await this.audit.security(
          'doctor.created',
          { resource: { type: 'doctor', id: doctor.id }, details: { userId: user.id } },
          em,
        );
        if (invited) record('account.mail', { userId: user.id });
        record('doctor.changed', {
          doctorId: doctor.id,
          specializationIds: [input.specializationId],
          deactivated: false,
        });
        return { id: doctor.id, userId: user.id };
      }));
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
    return this.get(id);
  }

  async update(id: string, input: DoctorUpdateInput): Promise<DoctorDto> {
    const outcome = await this.unit.run(async (tx) => {
      const { em } = tx;
      // The doctor's row first, then the appointments (the one lock order, see BookingRules).
      const doctor = await this.doctors.lock(id, em);
      if (!doctor) throw new NotFoundError('Doctor');
      const specializationIds = [doctor.specializationId];
      if (input.specializationId !== undefined && input.specializationId !== doctor.specializationId) {
        if (!(await this.specializations.findById(input.specializationId, em))) throw unknownSpecialization();
        specializationIds.push(input.specializationId);
      }
      const patch: DoctorPatch = {};
      if (input.fullName !== undefined) patch.fullName = input.fullName;
      if (input.specializationId !== undefined) patch.specializationId = input.specializationId;
      if (input.qualification !== undefined) patch.qualification = input.qualification;
      if (input.experienceYears !== undefined) patch.experienceYears = input.experienceYears;
      await this.doctors.update(id, patch, em);

      let cancelled: WithdrawnAppointment[] = [];
      let deactivated = false;
      let reactivated = false;
      if (input.active === false) {
        await this.users.setActive(doctor.userId, false, em);
        cancelled = await this.withdrawal.cancelFutureAppointments(em, id);
        deactivated = true;
        await this.audit.security('user.deactivated', { resource: { type: 'user', id: doctor.userId } }, em);
      } else if (input.active === true) {
        if (doctor.removedAt !== null) {
          throw new ConflictError('doctor_removed', 'This doctor was removed from service and cannot be reactivated');
        }
        await this.users.setActive(doctor.userId, true, em);
        reactivated = true;
        await this.audit.security('user.reactivated', { resource: { type: 'user', id: doctor.userId } }, em);
      }
      const outcome = { userId: doctor.userId, specializationIds, deactivated, reactivated, cancelled };
      this.announce(tx, id, outcome);
      return outcome;
    });
    // The remembered "inactive" answer would refuse the restored account's new tokens for a few seconds.
    if (outcome.reactivated) this.userStatus.forget(outcome.userId);
    return this.get(id);
  }

  /**
   * Removes the doctor from service: marks them removed, switches the login
   * off and cancels their future booked appointments. Rows and clinical
   * records stay. Removing an already removed doctor changes nothing.
   */
  async remove(id: string): Promise<void> {
    await this.unit.run(async (tx): Promise<void> => {
      const { em } = tx;
      const doctor = await this.doctors.lock(id, em);
      if (!doctor) throw new NotFoundError('Doctor');
      if (doctor.removedAt !== null) return;
      await this.doctors.markRemoved(id, em);
      await this.users.setActive(doctor.userId, false, em);
      const cancelled = await this.withdrawal.cancelFutureAppointments(em, id);
      await this.audit.security('doctor.removed', { resource: { type: 'doctor', id } }, em);
      this.announce(tx, id, {
        userId: doctor.userId,
        specializationIds: [doctor.specializationId],
        deactivated: true,
        reactivated: false,
        cancelled,
      });
    });
  }

  /** States the change once: the login switched off, and the doctor's change with the appointments it cancelled. */
  private announce(tx: Tx, doctorId: string, outcome: ChangeOutcome): void {
    if (outcome.deactivated) tx.record('user.deactivated', { userId: outcome.userId });
    tx.record('doctor.changed', {
      doctorId,
      specializationIds: outcome.specializationIds,
      deactivated: outcome.deactivated,
      withdrawn: outcome.cancelled.map((a) => ({ appointmentId: a.id, patientId: a.patientId })),
    });
  }
}
