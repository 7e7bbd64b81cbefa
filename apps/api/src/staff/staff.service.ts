import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { PasswordLifecycleService } from '../auth/password-lifecycle.service';
import { PasswordService } from '../auth/password.service';
import { UserStatusService } from '../auth/user-status.service';
import { UsersRepository } from '../auth/users.repository';
import { ConflictError, NotFoundError } from '../common/errors/domain-errors';
import { UnitOfWork } from '../common/events/unit-of-work';
import { StaffMemberDto, type StaffRole } from './dto/staff.dto';
import { StaffRepository, type StaffRow } from './staff.repository';
import { isUniqueViolation } from '../database/pg-errors';

const emailTaken = () => new ConflictError('email_taken', 'An account with this email already exists');

function toDto(row: StaffRow): StaffMemberDto {
  return {
    id: row.id,
    fullName: row.fullName,
    email: row.email,
    role: row.role as StaffRole,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  };
}

/**
 * Staff accounts other than doctors (the front desk). An admin invites one:
 * the login gets a password nobody knows and the person is emailed a
 * set-password link (the invitation flow). Deactivation ends every session.
 */
@Injectable()
export class StaffService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly lifecycle: PasswordLifecycleService,
    private readonly userStatus: UserStatusService,
    private readonly unit: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<StaffMemberDto[]> {
    return (await this.staff.list()).map(toDto);
  }

  async invite(input: { email: string; fullName: string; role: StaffRole }): Promise<StaffMemberDto> {
    if (await this.users.findByEmail(input.email)) throw emailTaken();
    const passwordHash = await this.passwords.hash(randomBytes(32).toString('base64url'));
    let id: string;
    try {
      ({ id } = await this.unit.run(async ({ em, record }) => {
        const user = await this.users.create({ email: input.email, passwordHash, role: input.role }, em);
        const member = await this.staff.create({ userId: user.id, fullName: input.fullName }, em);
        await this.lifecycle.issueLink(user.id, 'invite', em);
        await this.audit.security(
          'staff.invited',
          { resource: { type: 'user', id: user.id }, details: { role: input.role } },
          em,
        );
        record('account.mail', { userId: user.id });
        return { id: member.id, userId: user.id };
      }));
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
    return this.get(id);
  }

  async get(id: string): Promise<StaffMemberDto> {
    const row = await this.staff.find(id);
    if (!row) throw new NotFoundError('Staff member');
    return toDto(row);
  }

  /** `active: false` switches the login off and ends its sessions; `true` restores it. */
  async setActive(id: string, active: boolean): Promise<StaffMemberDto> {
    const changed = await this.unit.run(async ({ em, record }) => {
      const row = await this.staff.find(id, em, true);
      if (!row) throw new NotFoundError('Staff member');
      if (row.active === active) return null;
      await this.users.setActive(row.userId, active, em);
      await this.audit.security(
        active ? 'user.reactivated' : 'user.deactivated',
        {
          resource: { type: 'user', id: row.userId },
        },
        em,
      );
      if (!active) record('user.deactivated', { userId: row.userId });
      return row.userId;
    });
    // The remembered "inactive" answer would refuse the restored account's new tokens for a few seconds.
    if (changed !== null && active) this.userStatus.forget(changed);
    return this.get(id);
  }
}
