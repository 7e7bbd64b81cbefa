import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ForbiddenError, UnauthenticatedError } from '../common/errors/domain-errors';
import { LoginAttemptsService } from './login-attempts.service';
import { PasswordService } from './password.service';
import { ClientInfo, NO_CLIENT, SessionIssuer, SignedIn } from './session-issuer.service';
import { UsersRepository } from './users.repository';

/** Sign-in with email and password; failures are counted per account and client address. */
@Injectable()
export class SignInService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly attempts: LoginAttemptsService,
    private readonly audit: AuditService,
    private readonly issuer: SessionIssuer,
  ) {}

  async login(email: string, password: string, client: ClientInfo = NO_CLIENT): Promise<SignedIn> {
    const address = client.ip;
    await this.attempts.assertAllowed(email, address);
    const user = await this.users.findByEmail(email);
    const ok = await this.passwords.verify(user?.passwordHash ?? null, password);
    if (!user || !ok) {
      const lockedOut = await this.attempts.recordFailure(email, address, user);
      const who = { actorId: user?.id ?? null, role: user?.role ?? null, email };
      await this.audit.security('auth.login.failure', { ...who, outcome: 'failure' });
      if (lockedOut) await this.audit.security('auth.lockout', { ...who, outcome: 'denied' });
      throw new UnauthenticatedError('invalid_credentials', 'Wrong email or password');
    }
    await this.attempts.reset(email, address);
    if (!user.active) {
      await this.audit.security('auth.login.failure', {
        actorId: user.id,
        role: user.role,
        outcome: 'denied',
        details: { reason: 'account_inactive' },
      });
      throw new ForbiddenError('account_inactive', 'This account is deactivated');
    }
    await this.users.touchLastLogin(user.id);
    await this.audit.security('auth.login.success', { actorId: user.id, role: user.role });
    return this.issuer.signIn(user, client);
  }
}
