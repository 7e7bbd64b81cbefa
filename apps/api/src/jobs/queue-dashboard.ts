import { createBullBoard } from '@bull-board/api';
import type { IServerAdapter } from '@bull-board/api/typings/app';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { hasPermission, isRole, type ProblemCode } from '@hms/shared';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessTokenClaims } from '../common/auth/auth-user';
import { problem, PROBLEM_CONTENT_TYPE } from '../common/errors/problem';
import type { AppConfig } from '../config/app-config';
import { JWT_AUDIENCE, JWT_ISSUER } from '../auth/token.service';
import { UserStatusService } from '../auth/user-status.service';
import { BullJobQueue } from './bull-job-queue';
import { inProcessBoard } from './in-process-board';
import { InProcessJobQueue } from './in-process-job-queue';
import { JobQueue, QUEUE_NAMES } from './job-queue';

export const QUEUE_DASHBOARD_PATH = '/api/v1/admin/queues';
export const QUEUE_DASHBOARD_SESSION_PATH = `${QUEUE_DASHBOARD_PATH}/session`;
export const QUEUE_DASHBOARD_COOKIE = 'hms_queues';

/**
 * The queue dashboard at /api/v1/admin/queues, for admins: bull-board with
 * Bull, the in-process queues' counts without Redis (see inProcessBoard). Requests carry
 * the access token as a bearer header or in an HttpOnly, SameSite=Strict
 * cookie scoped to this path. A browser gets that cookie by POSTing the
 * token (form field `token`) to /api/v1/admin/queues/session, which answers
 * 303 to the dashboard: the token never travels in a URL (a `?token=` is
 * refused). Every request re-checks the token, the admin role and that the
 * account is still active; others get 401/403 problem+json. The dashboard is
 * read-only (no retry, promote, clean or remove) unless QUEUE_DASHBOARD_WRITE=true.
 */
export async function registerQueueDashboard(app: NestFastifyApplication, config: AppConfig): Promise<boolean> {
  const queue = app.get(JobQueue, { strict: false });
  const jwt = app.get(JwtService, { strict: false });
  const status = app.get(UserStatusService, { strict: false });
  const secure = config.publicUrl.startsWith('https:');
  // The in-process queues offer no actions: their board is read-only whatever the setting.
  const readOnlyMode = !config.queueDashboardWrite || !(queue instanceof BullJobQueue);

  const title = `${config.clinicName} queues`;
  let board: FastifyPluginAsync;
  if (queue instanceof BullJobQueue) {
    const serverAdapter = new BullBoardFastifyAdapter();
    serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({
      queues: QUEUE_NAMES.map((name) => new BullAdapter(queue.queue(name), { readOnlyMode })),
      // @bull-board/fastify 9.10.1 carries its own copy of @bull-board/api; the adapter contract is the same.
      serverAdapter: serverAdapter as unknown as IServerAdapter,
      options: { uiConfig: { boardTitle: title } },
    });
    board = serverAdapter.registerPlugin() as unknown as FastifyPluginAsync;
  } else if (queue instanceof InProcessJobQueue) {
    board = inProcessBoard(queue, title);
  } else {
    return false;
  }

  const deny = (reply: FastifyReply, statusCode: 400 | 401 | 403, detail: string, code?: ProblemCode) =>
    reply
      .status(statusCode)
      .header('Content-Type', PROBLEM_CONTENT_TYPE)
      .header('Cache-Control', 'no-store')
      .send(
        problem(statusCode, detail, {
          code: code ?? (statusCode === 401 ? 'unauthenticated' : statusCode === 403 ? 'forbidden' : 'bad_request'),
        }),
      );

  const verify = async (token: string): Promise<AccessTokenClaims & { exp?: number }> =>
    jwt.verifyAsync<AccessTokenClaims & { exp?: number }>(token, {
      secret: config.jwtSecret,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });

  /** The admin behind a token, or the reason to refuse. */
  const admit = async (
    token: string | undefined,
  ): Promise<
    { claims: AccessTokenClaims & { exp?: number } } | { status: 401 | 403; detail: string; code?: ProblemCode }
  > => {
    if (!token) return { status: 401, detail: 'Authentication required' };
    let claims: AccessTokenClaims & { exp?: number };
    try {
      claims = await verify(token);
    } catch {
      return { status: 401, detail: 'The access token is invalid or has expired' };
    }
    if (!isRole(claims.role) || !(await status.isActive(claims.sub)))
      return { status: 401, detail: 'Account inactive' };
    if (claims.sid && !(await status.isSessionOpen(claims.sid)))
      return { status: 401, detail: 'This session has ended' };
    if (claims.mcp === true)
      return { status: 403, detail: 'Change your password first', code: 'password_change_required' };
    if (!hasPermission(claims.role, 'queues:inspect'))
      return { status: 403, detail: 'Only admins may inspect the queues' };
    return { claims };
  };

  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const url = new URL(request.url, 'http://local');
      if (url.searchParams.has('token')) {
        return deny(
          reply,
          400,
          'Tokens are never accepted in a URL; sign in to the dashboard from the admin Jobs page',
          'token_in_url',
        );
      }
      if (url.pathname === QUEUE_DASHBOARD_SESSION_PATH) return undefined;
      const header = request.headers.authorization;
      const cookies = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies ?? {};
      const token = header?.startsWith('Bearer ') ? header.slice(7) : cookies[QUEUE_DASHBOARD_COOKIE];
      const admitted = await admit(token);
      if ('status' in admitted) return deny(reply, admitted.status, admitted.detail, admitted.code);
      if (readOnlyMode && request.method !== 'GET' && request.method !== 'HEAD') {
        return deny(
          reply,
          403,
          config.queueDashboardWrite
            ? 'The queue dashboard is read-only while jobs run in process (no Redis)'
            : 'The queue dashboard is read-only (QUEUE_DASHBOARD_WRITE is off)',
          'queue_dashboard_read_only',
        );
      }
      return undefined;
    });

    // Sign-in: the access token arrives in a POST body and leaves as a path-scoped HttpOnly cookie.
    scope.post(QUEUE_DASHBOARD_SESSION_PATH, async (request: FastifyRequest, reply: FastifyReply) => {
      const body = request.body as { token?: unknown } | undefined;
      const token = typeof body?.token === 'string' ? body.token : undefined;
      const admitted = await admit(token);
      if ('status' in admitted) return deny(reply, admitted.status, admitted.detail, admitted.code);
      const maxAge = Math.max(0, (admitted.claims.exp ?? 0) - Math.floor(Date.now() / 1000));
      const cookie = [
        `${QUEUE_DASHBOARD_COOKIE}=${encodeURIComponent(token!)}`,
        `Path=${QUEUE_DASHBOARD_PATH}`,
        `Max-Age=${maxAge}`,
        'HttpOnly',
        'SameSite=Strict',
        ...(secure ? ['Secure'] : []),
      ].join('; ');
      return reply
        .status(303)
        .header('Set-Cookie', cookie)
        .header('Cache-Control', 'no-store')
        .header('Location', QUEUE_DASHBOARD_PATH)
        .send();
    });
    await scope.register(board, { prefix: QUEUE_DASHBOARD_PATH });
  });
  return true;
}
