import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Auth, CurrentUser, Public } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { TooManyRequestsError } from '../common/errors/domain-errors';
import { ApiProblems } from '../common/http/api-problems.decorator';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AddressRateLimit } from './address-rate-limit.guard';
import { AuthService, SignedIn } from './auth.service';
import { AuthTokensDto, LoginDto, MeDto, RefreshDto, RegisterDto } from './dto/auth.dto';

export const REFRESH_COOKIE = 'hms_refresh';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates a patient account and signs it in. */
  @Post('register')
  @Public()
  @AddressRateLimit()
  @ApiCreatedResponse({ type: AuthTokensDto })
  @ApiProblems(400, 409)
  async register(@Body() body: RegisterDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuthTokensDto> {
    return this.answer(await this.auth.register(body), reply);
  }

  /** Signs in with email and password. */
  @Post('login')
  @Public()
  @HttpCode(200)
  @AddressRateLimit()
  @ApiOkResponse({ type: AuthTokensDto })
  @ApiProblems(400, 401, 403)
  async login(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthTokensDto> {
    return this.answer(await this.auth.login(body.email, body.password, request.ip), reply);
  }

  /** Exchanges a refresh token (body or cookie) for a new pair; the old one stops working. Limited per session. */
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
      return this.answer(await this.auth.refresh(token), reply);
    } catch (error) {
      // A rate-limited refresh keeps its (unspent) token: the session survives the wait.
      if (!(error instanceof TooManyRequestsError)) this.clearCookie(reply);
      throw error;
    }
  }

  /** Revokes the refresh token (body or cookie) and clears the cookie. */
  @Post('logout')
  @Auth()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiProblems(400)
  async logout(
    @CurrentUser() user: AuthUser,
    @Body() body: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(user, body.refreshToken ?? request.cookies?.[REFRESH_COOKIE]);
    this.clearCookie(reply);
  }

  /** The signed-in user and their doctor or patient profile. */
  @Get('me')
  @Auth()
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthUser): Promise<MeDto> {
    return this.auth.me(user);
  }

  private answer(signedIn: SignedIn, reply: FastifyReply): AuthTokensDto {
    void reply.setCookie(REFRESH_COOKIE, signedIn.tokens.refreshToken, {
      httpOnly: true,
      secure: this.config.publicUrl.startsWith('https://'),
      sameSite: 'strict',
      path: REFRESH_COOKIE_PATH,
      expires: signedIn.tokens.refreshExpiresAt,
    });
    return signedIn.body;
  }

  private clearCookie(reply: FastifyReply): void {
    void reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
  }
}
