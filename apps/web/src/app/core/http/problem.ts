import { HttpErrorResponse } from '@angular/common/http';
import type { ProblemDetails } from '@hms/shared';

function isProblem(value: unknown): value is ProblemDetails {
  return typeof value === 'object' && value !== null && 'status' in value && 'title' in value;
}

/** Turns whatever an HTTP call failed with into RFC 9457 problem details. */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof HttpErrorResponse) {
    let body: unknown = error.error;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        /* not JSON: fall through */
      }
    }
    if (isProblem(body)) return body;
    if (error.status === 0) {
      return {
        type: 'about:blank',
        title: 'The clinic server cannot be reached',
        status: 0,
        detail: 'Check your connection and try again.',
      };
    }
    return { type: 'about:blank', title: error.statusText || 'The request failed', status: error.status };
  }
  return { type: 'about:blank', title: 'Something went wrong', status: 0 };
}

/** One human sentence for a problem: its detail when it has one, else its title. */
export function problemMessage(problem: ProblemDetails): string {
  return problem.detail?.trim() || problem.title;
}
