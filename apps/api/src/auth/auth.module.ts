import { Module, OnModuleInit } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { DomainEvents } from '../common/events/domain-events';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DirectoryModule } from '../directory/directory.module';
import { AdminAccountService } from './admin-account.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { LoginAttemptsService } from './login-attempts.service';
import { PasswordLifecycleService } from './password-lifecycle.service';
import { PasswordTokensRepository } from './password-tokens.repository';
import { PasswordService } from './password.service';
import { RateLimitStore, RateLimitStoreModule } from './rate-limit.store';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionsRepository } from './sessions.repository';
import { TokenService } from './token.service';
import { UserStatusService } from './user-status.service';
import { UsersRepository } from './users.repository';

/** Accounts, credentials, tokens and the guards' strategy. */
@Module({
  imports: [
    PassportModule,
    JwtModule.register({}),
    DirectoryModule,
    RateLimitStoreModule,
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStoreModule],
      inject: [APP_CONFIG, RateLimitStore],
      useFactory: (config: AppConfig, storage: RateLimitStore) => ({
        storage,
        getTracker: (req: Record<string, unknown>) => (req as unknown as FastifyRequest).ip,
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.authRateLimit }],
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    AdminAccountService,
    JwtStrategy,
    LoginAttemptsService,
    PasswordLifecycleService,
    PasswordService,
    PasswordTokensRepository,
    RefreshTokensRepository,
    SessionsRepository,
    TokenService,
    UserStatusService,
    UsersRepository,
  ],
  exports: [
    AuthService,
    AdminAccountService,
    PasswordLifecycleService,
    PasswordService,
    UsersRepository,
    UserStatusService,
  ],
})
export class AuthModule implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly auth: AuthService,
  ) {}

  onModuleInit(): void {
    this.events.on('user.deactivated', ({ userId }) => this.auth.revokeAllSessions(userId));
  }
}
