import { createBullBoard } from '@bull-board/api';
import type { IServerAdapter } from '@bull-board/api/typings/app';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { hasPermission, isRole } from '@hms/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessTokenClaims } from '../common/auth/auth-user';
import { problem, PROBLEM_CONTENT_TYPE } from '../common/errors/problem';
import type { AppConfig } from '../config/app-config';
import { JWT_AUDIENCE, JWT_ISSUER } from '../auth/token.service';
import { UserStatusService } from '../auth/user-status.service';
import { BullJobQueue } from './bull-job-queue';
import { JobQueue, QUEUE_NAMES } from './job-queue';

export const QUEUE_DASHBOARD_PATH = '/api/v1/admin/queues';
export const QUEUE_DASHBOARD_COOKIE = 'hms_queues';

/**
 * bull-board at /api/v1/admin/queues (Bull only), for admins. Requests carry
 * the access token as a bearer header, or — since a browser cannot add a
 * header to a page load — once as `?token=<accessToken>`: the token is then
 * moved into an HttpOnly, SameSite=Strict cookie scoped to this path, living
 * no longer than the token, and the browser is redirected to the URL without
 * it. Every request re-checks the token, the admin role and that the
 * account is still active; others get 401/403 problem+json.
 */
export async function registerQueueDashboard(app: NestFastifyApplication, config: AppConfig): Promise<boolean> {
  const queue = app.get(JobQueue, { strict: false });
  if (!(queue instanceof BullJobQueue)) return false;
  const jwt = app.get(JwtService, { strict: false });
  const status = app.get(UserStatusService, { strict: false });
  const secure = config.publicUrl.startsWith('https:');

  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: QUEUE_NAMES.map((name) => new BullAdapter(queue.queue(name), { readOnlyMode: false })),
    // @bull-board/fastify 9.10.1 carries its own copy of @bull-board/api; the adapter contract is the same.
    serverAdapter: serverAdapter as unknown as IServerAdapter,
    options: { uiConfig: { boardTitle: `${config.clinicName} queues` } },
  });

  const deny = (reply: FastifyReply, statusCode: 401 | 403, detail: string) =>
    reply
      .status(statusCode)
      .header('Content-Type', PROBLEM_CONTENT_TYPE)
      .header('Cache-Control', 'no-store')
      .send(problem(statusCode, detail, { code: statusCode === 401 ? 'unauthenticated' : 'forbidden' }));

  const verify = async (token: string): Promise<AccessTokenClaims & { exp?: number }> =>
    jwt.verifyAsync<AccessTokenClaims & { exp?: number }>(token, {
      secret: config.jwtSecret,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });

  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const url = new URL(request.url, 'http://local');
      const fromQuery = url.searchParams.get('token');
      const header = request.headers.authorization;
      const cookies = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies ?? {};
      const token = header?.startsWith('Bearer ') ? header.slice(7) : (fromQuery ?? cookies[QUEUE_DASHBOARD_COOKIE]);
      if (!token) return deny(reply, 401, 'Authentication required');
      let claims: AccessTokenClaims & { exp?: number };
      try {
        claims = await verify(token);
      } catch {
        return deny(reply, 401, 'The access token is invalid or has expired');
      }
      if (!isRole(claims.role) || !(await status.isActive(claims.sub))) return deny(reply, 401, 'Account inactive');
      if (claims.sid && !(await status.isSessionOpen(claims.sid))) return deny(reply, 401, 'This session has ended');
      if (claims.mcp === true) {
        return reply
          .status(403)
          .header('Content-Type', PROBLEM_CONTENT_TYPE)
          .header('Cache-Control', 'no-store')
          .send(problem(403, 'Change your password first', { code: 'password_change_required' }));
      }
      if (!hasPermission(claims.role, 'queues:inspect')) return deny(reply, 403, 'Only admins may inspect the queues');
      if (fromQuery) {
        const maxAge = Math.max(0, (claims.exp ?? 0) - Math.floor(Date.now() / 1000));
        url.searchParams.delete('token');
        const cookie = [
          `${QUEUE_DASHBOARD_COOKIE}=${encodeURIComponent(fromQuery)}`,
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
          .header('Location', `${url.pathname}${url.search}`)
          .send();
      }
      return undefined;
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
  });
  return true;
}
