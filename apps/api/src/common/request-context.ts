import { AsyncLocalStorage } from 'node:async_hooks';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { AuthUser } from './auth/auth-user';

/** Who is asking and from where, for the request being served (the audit trail reads it). */
export interface RequestContext {
  requestId: string | null;
  ip: string | null;
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

/**
 * Global interceptor: makes the request id (the one in the logs and the
 * X-Request-Id header) and the client address (the socket's, or the proxy's
 * forwarded one only when TRUST_PROXY names the proxy) available to every
 * service the handler calls.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<HttpRequestLike>();
    const value: RequestContext = {
      requestId: typeof req.id === 'string' ? req.id : null,
      ip: typeof req.ip === 'string' ? req.ip : null,
      get user() {
        return req.user ?? null;
      },
    };
    return new Observable((subscriber) =>
      storage.run(value, () => {
        const subscription = next.handle().subscribe(subscriber);
        return () => subscription.unsubscribe();
      }),
    );
  }
}
