import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Auth, CurrentUser, Public } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { TooManyRequestsError } from '../common/errors/domain-errors';
import { ApiProblems } from '../common/http/api-problems.decorator';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AddressRateLimit } from './address-rate-limit.guard';
import { AccountService } from './account.service';
import {
  AuthTokensDto,
  ChangePasswordDto,
  ForgotPasswordDto,
  LoginDto,
  MeDto,
  RefreshDto,
  RegisterDto,
  ResetPasswordDto,
  SessionDto,
} from './dto/auth.dto';
import { PasswordLifecycleService } from './password-lifecycle.service';
import { ClientInfo, SignedIn } from './session-issuer.service';
import { SessionsService } from './sessions.service';
import { SignInService } from './sign-in.service';
import { TokenRefreshService } from './token-refresh.service';

export const REFRESH_COOKIE = 'hms_refresh';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

function clientOf(request: FastifyRequest): ClientInfo {
  const agent = request.headers['user-agent'];
  return { userAgent: typeof agent === 'string' ? agent : '', ip: request.ip ?? '' };
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly account: AccountService,
    private readonly signIn: SignInService,
    private readonly rotation: TokenRefreshService,
    private readonly openSessions: SessionsService,
    private readonly lifecycle: PasswordLifecycleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates a patient account and signs it in. */
  @Post('register')
  @Public()
  @AddressRateLimit()
  @ApiCreatedResponse({ type: AuthTokensDto })
  @ApiProblems(400, 409, 429)
  async register(
    @Body() body: RegisterDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthTokensDto> {
    return this.answer(await this.account.register(body, clientOf(request)), reply);
  }

  /** Signs in with email and password. */
  @Post('login')
  @Public()
  @HttpCode(200)
  @AddressRateLimit()
  @ApiOkResponse({ type: AuthTokensDto })
  @ApiProblems(400, 401, 403, 429)
  async login(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthTokensDto> {
    return this.answer(await this.signIn.login(body.email, body.password, clientOf(request)), reply);
  }

  /**
   * Exchanges a refresh token (body or cookie) for a new pair; the old one stops working.
   * A session idle for SESSION_IDLE_MINUTES, or older than REFRESH_TOKEN_TTL_DAYS, answers 401 and ends.
   */
  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: AuthTokensDto })
  @ApiProblems(400, 401, 403, 429)
  async refresh(
    @Body() body: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthTokensDto> {
    const token = body.refreshToken ?? request.cookies?.[REFRESH_COOKIE];
    try {
      return this.answer(await this.rotation.refresh(token, clientOf(request)), reply);
    } catch (error) {
      // A rate-limited refresh keeps its (unspent) token: the session survives the wait.
      if (!(error instanceof TooManyRequestsError)) this.clearCookie(reply);
      throw error;
    }
  }

  /**
   * Ends the session of the refresh token (body or cookie) and clears the cookie.
   * Needs no access token; 204 also for an unknown or already ended session.
   */
  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiProblems(400)
  async logout(
    @Body() body: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    this.clearCookie(reply);
    await this.openSessions.logout(body.refreshToken ?? request.cookies?.[REFRESH_COOKIE]);
  }

  /** The signed-in user and their doctor or patient profile. */
  @Get('me')
  @Auth({ whilePasswordChangeRequired: true })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthUser): Promise<MeDto> {
    return this.account.me(user);
  }

  /** Changes the caller's password; every other session ends. Refresh afterwards for a token without the change requirement. */
  @Post('password')
  @Auth({ whilePasswordChangeRequired: true })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Password changed' })
  @ApiProblems(400)
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto): Promise<void> {
    await this.lifecycle.change(user, body.currentPassword, body.newPassword);
  }

  /** Emails an active account a single-use reset link (30 minutes). The same answer for any email. */
  @Post('password/forgot')
  @Public()
  @HttpCode(202)
  @AddressRateLimit()
  @ApiAcceptedResponse({ description: 'If the account exists and is active, a reset link is on its way' })
  @ApiProblems(400, 429)
  async forgotPassword(@Body() body: ForgotPasswordDto): Promise<void> {
    await this.lifecycle.requestReset(body.email);
  }

  /** Sets a new password with an emailed link (reset or invitation); ends every session of the account. */
  @Post('password/reset')
  @Public()
  @HttpCode(204)
  @AddressRateLimit()
  @ApiNoContentResponse({ description: 'Password set' })
  @ApiProblems(400, 429)
  async resetPassword(@Body() body: ResetPasswordDto): Promise<void> {
    await this.lifecycle.reset(body.token, body.newPassword);
  }

  /** The caller's live sessions (one per sign-in), most recently used first. */
  @Get('sessions')
  @Auth({ whilePasswordChangeRequired: true })
  @ApiOkResponse({ type: SessionDto, isArray: true })
  sessions(@CurrentUser() user: AuthUser): Promise<SessionDto[]> {
    return this.openSessions.listSessions(user);
  }

  /** Ends every session of the caller but the current one. */
  @Delete('sessions')
  @Auth({ whilePasswordChangeRequired: true })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Other sessions ended' })
  async revokeOtherSessions(@CurrentUser() user: AuthUser): Promise<void> {
    await this.openSessions.revokeOtherSessions(user);
  }

  /** Ends one of the caller's sessions; someone else's id 404. */
  @Delete('sessions/:id')
  @Auth({ whilePasswordChangeRequired: true })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Session ended' })
  @ApiProblems(400, 404)
  async revokeSession(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.openSessions.revokeSession(user, id);
  }

  /** The refresh cookie: HttpOnly, SameSite=Strict, only sent to the auth routes, gone when the browser closes. */
  private answer(signedIn: SignedIn, reply: FastifyReply): AuthTokensDto {
    void reply.setCookie(REFRESH_COOKIE, signedIn.tokens.refreshToken, {
      httpOnly: true,
      secure: this.config.publicUrl.startsWith('https://'),
      sameSite: 'strict',
      path: REFRESH_COOKIE_PATH,
    });
    return signedIn.body;
  }

  private clearCookie(reply: FastifyReply): void {
    void reply.clearCookie(REFRESH_COOKIE, {
      httpOnly: true,
      secure: this.config.publicUrl.startsWith('https://'),
      sameSite: 'strict',
      path: REFRESH_COOKIE_PATH,
    });
  }
}
