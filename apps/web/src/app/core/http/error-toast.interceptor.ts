import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';
import { ToastService } from '../ui/toast.service';
import { SILENT_ERRORS } from './api';
import { problemMessage, rateLimitMessage, toProblem } from './problem';

/**
 * Reports failures no screen can act on (server unreachable, 5xx, rate limited) as a toast.
 * Validation, conflict and not-found answers are left to the screen that made the call.
 */
export const errorToastInterceptor: HttpInterceptorFn = (req, next) => {
  const toasts = inject(ToastService);
  return next(req).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && !req.context.get(SILENT_ERRORS)) {
        if (error.status === 429) {
          toasts.error(rateLimitMessage(error));
        } else if (error.status === 0 || error.status >= 500) {
          toasts.error(problemMessage(toProblem(error)));
        }
      }
      return throwError(() => error);
    }),
  );
};
