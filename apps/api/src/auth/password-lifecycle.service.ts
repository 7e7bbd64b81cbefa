import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { InvalidInputError, UnauthenticatedError } from '../common/errors/domain-errors';
import { UnitOfWork } from '../common/events/unit-of-work';
import type { PasswordTokenPurpose } from './entities/password-token.entity';
import { assertPasswordAllowed } from './password-policy';
import { PasswordService } from './password.service';
import { PasswordTokensRepository } from './password-tokens.repository';
import { PasswordLinkIssuer } from './password-link-issuer.service';
import { SessionsService } from './sessions.service';
import { hashToken } from './token.service';
import { UsersRepository } from './users.repository';

/** At most one reset email per account in this window, however often the form is sent. */
export const RESET_EMAIL_INTERVAL_MS = 60_000;

const badToken = () =>
  new InvalidInputError('password_token_invalid', 'This link is invalid, expired or was already used', [
    { field: 'token', message: 'token is invalid, expired or was already used' },
  ]);

/**
 * The password lifecycle: change (re-authenticated), forgotten-password
 * links, invitations for accounts created without a password, and reset by
 * link. Every path checks the one password policy; a set password ends the
 * other sessions and makes every outstanding link worthless.
 */
@Injectable()
export class PasswordLifecycleService {
  constructor(
    private readonly unit: UnitOfWork,
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly links: PasswordTokensRepository,
    private readonly linkIssuer: PasswordLinkIssuer,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /** Changes the caller's password; every other session ends, the caller's stays. */
  async change(caller: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.findById(caller.userId);
    if (!user) throw new UnauthenticatedError('account_missing', 'This account no longer exists');
    if (!(await this.passwords.verify(user.passwordHash, currentPassword))) {
      throw new InvalidInputError('current_password_wrong', 'currentPassword is not your current password', [
        { field: 'currentPassword', message: 'currentPassword is not your current password' },
      ]);
    }
    if (newPassword === currentPassword) {
      throw new InvalidInputError('password_unchanged', 'newPassword must differ from the current password', [
        { field: 'newPassword', message: 'newPassword must differ from the current password' },
      ]);
    }
    assertPasswordAllowed(newPassword, user.email, 'newPassword');
    const passwordHash = await this.passwords.hash(newPassword);
    await this.unit.run(async ({ em }) => {
      await this.users.setPassword(user.id, passwordHash, false, em);
      await this.links.useAllOfUser(user.id, em);
      await this.sessions.endSessionsOf(user.id, caller.sessionId ?? null, em);
      await this.audit.security('auth.password.changed', { actorId: user.id, role: user.role }, em);
    });
  }

  /**
   * Emails an active account a single-use reset link (30 minutes), at most
   * one a minute. Says nothing about whether the account exists: the caller
   * always gets 202.
   */
  async requestReset(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || !user.active) return;
    // A flood of requests does not become a flood of emails; the last link sent still works.
    if (await this.links.issuedSince(user.id, 'reset', new Date(Date.now() - RESET_EMAIL_INTERVAL_MS))) return;
    await this.unit.run(async ({ em, record }) => {
      await this.issueLink(user.id, 'reset', em);
      record('account.mail', { userId: user.id });
    });
  }

  /**
   * Creates a set-password link (reset or invitation) inside the caller's
   * transaction and records its email in the outbox; the mail job writes
   * the link. Publish `account.mail` after commit to send it at once.
   */
  issueLink(userId: string, purpose: PasswordTokenPurpose, em: EntityManager): Promise<void> {
    return this.linkIssuer.issue(userId, purpose, em);
  }

  /** The hash of a new account's password; without one, of a random secret nobody knows (the account waits for its invitation). */
  initialPasswordHash(password?: string): Promise<string> {
    return this.passwords.hash(password ?? randomBytes(32).toString('base64url'));
  }

  /** Sets a new password with an emailed link: works once, ends every session of the account. */
  async reset(token: string, newPassword: string): Promise<void> {
    const found = await this.unit.run(async ({ em }) => {
      const link = await this.links.lockByHash(hashToken(token), em);
      if (!link || link.usedAt || link.expiresAt.getTime() <= Date.now()) throw badToken();
      const user = await this.users.findById(link.userId, em);
      if (!user || !user.active) throw badToken();
      assertPasswordAllowed(newPassword, user.email, 'newPassword');
      return { link, user };
    });
    const passwordHash = await this.passwords.hash(newPassword);
    await this.unit.run(async ({ em }) => {
      // Checked again under the lock: two uses of one link never both succeed.
      const link = await this.links.lockByHash(hashToken(token), em);
      if (!link || link.usedAt || link.id !== found.link.id) throw badToken();
      await this.users.setPassword(found.user.id, passwordHash, false, em);
      await this.links.useAllOfUser(found.user.id, em);
      await this.sessions.endSessionsOf(found.user.id, null, em);
      await this.audit.security(
        'auth.password.reset',
        { actorId: found.user.id, role: found.user.role, details: { link: found.link.purpose } },
        em,
      );
    });
  }
}
