import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuthUser } from './auth/auth-user';

/** Who is asking and from where, for the request being served (the audit trail reads it). */
export interface RequestContext {
  readonly requestId: string | null;
  readonly ip: string | null;
  /** The signed-in caller, once the guards have authenticated the request. */
  readonly user: AuthUser | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The context of the HTTP request this code runs for; null in jobs, crons and start-up. */
export function currentRequest(): RequestContext | null {
  return storage.getStore() ?? null;
}

/** Runs `work` with the given context (jobs acting for a user, and unit tests). */
export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

interface HttpRequestLike {
  id?: unknown;
  ip?: unknown;
  user?: AuthUser;
}

/** The context of one HTTP request, read lazily from the request itself (no copies, no closures). */
class HttpRequestContext implements RequestContext {
  constructor(private readonly request: HttpRequestLike) {}

  get requestId(): string | null {
    const id = this.request.id;
    return typeof id === 'string' ? id : null;
  }

  get ip(): string | null {
    const ip = this.request.ip;
    return typeof ip === 'string' ? ip : null;
  }

  get user(): AuthUser | null {
    return this.request.user ?? null;
  }
}

/**
 * Fastify preHandler hook (registered last): runs the rest of the request
 * (guards, pipes, handler, error filter) in a context that makes the request
 * id (the one in the logs and the X-Request-Id header), the client address
 * (the socket's, or the proxy's forwarded one only when TRUST_PROXY names the
 * proxy) and the signed-in caller available to every service it calls.
 */
export function requestContextHook(request: HttpRequestLike, _reply: unknown, done: () => void): void {
  storage.run(new HttpRequestContext(request), done);
}
