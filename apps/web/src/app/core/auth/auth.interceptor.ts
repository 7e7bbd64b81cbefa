import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, switchMap, throwError } from 'rxjs';
import { isApiUrl, SKIP_AUTH_RETRY } from '../http/api';
import { rateLimitMessage } from '../http/problem';
import { ToastService } from '../ui/toast.service';
import { AuthService } from './auth.service';

function withToken<T>(req: HttpRequest<T>, token: string | null): HttpRequest<T> {
  return token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;
}

/** The refresh token travels as an HttpOnly cookie scoped to the auth routes: send credentials there. */
function withCookies<T>(req: HttpRequest<T>): HttpRequest<T> {
  return req.url.includes('/api/v1/auth/') && !req.withCredentials ? req.clone({ withCredentials: true }) : req;
}

function isPasswordChangeRequired(error: HttpErrorResponse): boolean {
  const body: unknown = error.error;
  const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
  return typeof type === 'string' && type.endsWith('password_change_required');
}

/**
 * Adds the access token to API calls. On a 401 it refreshes the token once
 * (through the HttpOnly cookie) and retries the call once; if the refresh
 * is refused the session ends. A 403 password_change_required leads to the
 * password change.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  if (!isApiUrl(req.url)) return next(req);
  const auth = inject(AuthService);
  const toasts = inject(ToastService);
  const sent = withCookies(withToken(req, auth.accessToken()));
  if (req.context.get(SKIP_AUTH_RETRY)) return next(sent);

  return next(sent).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 403 && isPasswordChangeRequired(error)) {
        auth.passwordChangeRequired();
        return throwError(() => error);
      }
      if (!(error instanceof HttpErrorResponse) || error.status !== 401 || !auth.signedIn()) {
        return throwError(() => error);
      }
      return auth.refresh().pipe(
        catchError((refreshError: unknown) => {
          // A rate-limited refresh does not end the session: say when to try again.
          if (refreshError instanceof HttpErrorResponse && refreshError.status === 429) {
            toasts.error(rateLimitMessage(refreshError));
            return throwError(() => refreshError);
          }
          auth.sessionExpired();
          return throwError(() => error);
        }),
        switchMap((token) => next(withToken(req, token))),
      );
    }),
  );
};
