import { Module, OnModuleInit } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { DomainEvents } from '../common/events/domain-events';
import { DirectoryModule } from '../directory/directory.module';
import { AddressRateLimitGuard } from './address-rate-limit.guard';
import { AdminAccountService } from './admin-account.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { LoginAttemptsService } from './login-attempts.service';
import { PasswordLifecycleService } from './password-lifecycle.service';
import { PasswordTokensRepository } from './password-tokens.repository';
import { PasswordService } from './password.service';
import { RateLimitStoreModule } from './rate-limit.store';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionsRepository } from './sessions.repository';
import { TokenService } from './token.service';
import { UserStatusService } from './user-status.service';
import { UsersRepository } from './users.repository';
import { OutboxService } from '../notifications/outbox.service';

/** Accounts, credentials, tokens and the guards' strategy. */
@Module({
  imports: [PassportModule, JwtModule.register({}), DirectoryModule, RateLimitStoreModule],
  controllers: [AuthController],
  providers: [
    AddressRateLimitGuard,
    AuthService,
    AdminAccountService,
    JwtStrategy,
    LoginAttemptsService,
    OutboxService,
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
    AddressRateLimitGuard,
    RateLimitStoreModule,
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
