import { HttpErrorResponse } from '@angular/common/http';
import type { ProblemDetails } from '@hms/shared';
import { messageForCode } from './problem-messages';

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

/**
 * One human sentence for a problem: the app's message for its code (see
 * PROBLEM_MESSAGES), else its detail when it has one, else its title.
 */
export function problemMessage(problem: ProblemDetails): string {
  return messageForCode(problem) ?? (problem.detail?.trim() || problem.title);
}

/** "in 45 seconds" / "in 4 minutes" / "in 2 hours". */
export function waitLabel(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `in ${s} second${s === 1 ? '' : 's'}`;
  const minutes = Math.ceil(s / 60);
  if (minutes < 120) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `in ${Math.ceil(s / 3600)} hours`;
}

/**
 * What to tell the user about a 429: the server's detail (it names when to try
 * again), else a sentence built from Retry-After.
 */
export function rateLimitMessage(error: HttpErrorResponse): string {
  const problem = toProblem(error);
  if (problem.detail?.trim()) return problem.detail.trim();
  const retry = Number(error.headers.get('Retry-After'));
  return Number.isFinite(retry) && retry > 0
    ? `Too many requests. Please try again ${waitLabel(retry)}.`
    : 'Too many requests. Please wait a moment and try again.';
}
