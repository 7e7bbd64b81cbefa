import { Injectable, Logger } from '@nestjs/common';
import type { Role } from '@hms/shared';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { DomainEvents } from '../common/events/domain-events';
import { ConflictError, ForbiddenError, UnauthenticatedError } from '../common/errors/domain-errors';
import { DirectoryService } from '../directory/directory.service';
import { AuthTokensDto, MeDto, RegisterDto, UserDto } from './dto/auth.dto';
import type { UserEntity } from './entities/user.entity';
import { LoginAttemptsService } from './login-attempts.service';
import { PasswordService } from './password.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { hashToken, IssuedTokens, TokenService } from './token.service';
import { UserStatusService } from './user-status.service';
import { UsersRepository } from './users.repository';

export interface SignedIn {
  body: AuthTokensDto;
  tokens: IssuedTokens;
}

export function toUserDto(user: Pick<UserEntity, 'id' | 'email' | 'role' | 'active'>): UserDto {
  return { id: user.id, email: user.email, role: user.role, active: user.active };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { driverError?: { code?: string } })?.driverError?.code === '23505';
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly attempts: LoginAttemptsService,
    private readonly status: UserStatusService,
    private readonly directory: DirectoryService,
    private readonly events: DomainEvents,
  ) {}

  /** Creates a patient account and its profile in one transaction, then signs it in. */
  async register(input: RegisterDto): Promise<SignedIn> {
    const passwordHash = await this.passwords.hash(input.password);
    let user: UserEntity;
    let patientId: string;
    try {
      ({ user, patientId } = await this.dataSource.transaction(async (em) => {
        const created = await this.users.create({ email: input.email, passwordHash, role: 'patient' }, em);
        const id = await this.directory.createPatient(
          {
            userId: created.id,
            fullName: input.fullName,
            dateOfBirth: input.dateOfBirth ?? null,
            phone: input.phone ?? null,
          },
          em,
        );
        return { user: created, patientId: id };
      }));
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('email_taken', 'An account with this email already exists');
      throw error;
    }
    await this.events.publish('patient.changed', { patientId });
    return this.signIn(user, patientId);
  }

  /** Signs in; failures are counted per account and client address (`address`). */
  async login(email: string, password: string, address: string): Promise<SignedIn> {
    await this.attempts.assertAllowed(email, address);
    const user = await this.users.findByEmail(email);
    const ok = await this.passwords.verify(user?.passwordHash ?? null, password);
    if (!user || !ok) {
      await this.attempts.recordFailure(email, address, user);
      throw new UnauthenticatedError('invalid_credentials', 'Wrong email or password');
    }
    await this.attempts.reset(email, address);
    if (!user.active) throw new ForbiddenError('account_inactive', 'This account is deactivated');
    await this.users.touchLastLogin(user.id);
    return this.signIn(user, await this.directory.profileIdOf(user.id, user.role));
  }

  /**
   * Exchanges a refresh token for a new pair. Each token works once; using an
   * already exchanged token revokes its whole family (theft detection).
   */
  async refresh(refreshToken: string | undefined): Promise<SignedIn> {
    if (!refreshToken) throw new UnauthenticatedError('refresh_token_missing', 'No refresh token was sent');
    const row = await this.refreshTokens.findByHash(hashToken(refreshToken));
    if (!row || row.revokedAt)
      throw new UnauthenticatedError('refresh_token_invalid', 'The refresh token is not valid');
    await this.attempts.assertRefreshAllowed(row.familyId);
    if (row.replacedAt || !(await this.refreshTokens.claimForRotation(row.id))) {
      this.logger.warn({ userId: row.userId, familyId: row.familyId }, 'Refresh token reused; revoking its family');
      await this.refreshTokens.revokeFamily(row.familyId);
      throw new UnauthenticatedError('refresh_token_reused', 'The refresh token was already used');
    }
    if (row.expiresAt.getTime() <= Date.now()) {
      throw new UnauthenticatedError('refresh_token_expired', 'The refresh token has expired');
    }
    const user = await this.users.findById(row.userId);
    if (!user) throw new UnauthenticatedError('refresh_token_invalid', 'The refresh token is not valid');
    if (!user.active) {
      await this.refreshTokens.revokeFamily(row.familyId);
      throw new ForbiddenError('account_inactive', 'This account is deactivated');
    }
    return this.signIn(user, await this.directory.profileIdOf(user.id, user.role), row.familyId);
  }

  /** Revokes the given refresh token if it belongs to the caller. */
  async logout(caller: AuthUser, refreshToken: string | undefined): Promise<void> {
    if (!refreshToken) return;
    const row = await this.refreshTokens.findByHash(hashToken(refreshToken));
    if (row && row.userId === caller.userId) await this.refreshTokens.revokeFamily(row.familyId);
  }

  async me(caller: AuthUser): Promise<MeDto> {
    const user = await this.users.findById(caller.userId);
    if (!user) throw new UnauthenticatedError('account_missing', 'This account no longer exists');
    return { user: toUserDto(user), profile: await this.directory.profileOf(user.id, user.role) };
  }

  /** Cuts a user off: refresh tokens revoked now, access tokens refused within seconds. */
  async revokeAllSessions(userId: string): Promise<void> {
    await this.refreshTokens.revokeAllOfUser(userId);
    this.status.forget(userId);
  }

  private async signIn(user: UserEntity, profileId: string | null, familyId?: string): Promise<SignedIn> {
    const role: Role = user.role;
    const tokens = await this.tokens.issue({ sub: user.id, email: user.email, role, pid: profileId }, familyId);
    return {
      tokens,
      body: {
        accessToken: tokens.accessToken,
        expiresIn: tokens.expiresIn,
        refreshToken: tokens.refreshToken,
        user: toUserDto(user),
      },
    };
  }
}
