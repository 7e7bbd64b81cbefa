import { Module, OnModuleInit } from '@nestjs/common';
import { ACCESS_TOKEN_AUTHENTICATOR } from '../common/auth/access-token';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { DomainEvents } from '../common/events/domain-events';
import { DirectoryModule } from '../directory/directory.module';
import { AddressRateLimitGuard } from './address-rate-limit.guard';
import { AdminAccountService } from './admin-account.service';
import { AuthController } from './auth.controller';
import { AccountService } from './account.service';
import { JwtStrategy } from './jwt.strategy';
import { LoginAttemptsService } from './login-attempts.service';
import { PasswordLinkIssuer } from './password-link-issuer.service';
import { PasswordLifecycleService } from './password-lifecycle.service';
import { PasswordTokensRepository } from './password-tokens.repository';
import { PasswordService } from './password.service';
import { RateLimitStoreModule } from './rate-limit.store';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionIssuer } from './session-issuer.service';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { SignInService } from './sign-in.service';
import { TokenRefreshService } from './token-refresh.service';
import { TokenService } from './token.service';
import { UserStatusService } from './user-status.service';
import { UsersRepository } from './users.repository';
import { NotificationsModule } from '../notifications/notifications.module';

/** Accounts, credentials, tokens and the guards' strategy. */
@Module({
  imports: [PassportModule, JwtModule.register({}), DirectoryModule, NotificationsModule, RateLimitStoreModule],
  controllers: [AuthController],
  providers: [
    AccountService,
    AddressRateLimitGuard,
    AdminAccountService,
    JwtStrategy,
    { provide: ACCESS_TOKEN_AUTHENTICATOR, useExisting: JwtStrategy },
    LoginAttemptsService,
    PasswordLifecycleService,
    PasswordLinkIssuer,
    PasswordService,
    PasswordTokensRepository,
    RefreshTokensRepository,
    SessionIssuer,
    SessionsRepository,
    SessionsService,
    SignInService,
    TokenRefreshService,
    TokenService,
    UserStatusService,
    UsersRepository,
  ],
  exports: [
    AddressRateLimitGuard,
    RateLimitStoreModule,
    AdminAccountService,
    PasswordLifecycleService,
    PasswordService,
    SessionIssuer,
    SessionsService,
    UsersRepository,
    UserStatusService,
  ],
})
export class AuthModule implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly sessions: SessionsService,
  ) {}

  onModuleInit(): void {
    this.events.on('user.deactivated', ({ userId }) => this.sessions.revokeAllSessions(userId));
  }
}
