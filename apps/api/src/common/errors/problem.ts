import type { ProblemCode, ProblemDetails } from '@hms/shared';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Request Error');
}

/** Problem type URIs are stable names under the API's own namespace. */
export function problemType(code: string | undefined, status: number): string {
  return code ? `urn:hms:problem:${code}` : status >= 500 ? 'urn:hms:problem:server-error' : 'about:blank';
}

/** A problem document's members beyond status and detail; its code is one of the shared list. */
export type ProblemExtras = Omit<Partial<ProblemDetails>, 'code'> & { code?: ProblemCode };

export function problem(status: number, detail: string, extra: ProblemExtras = {}): ProblemDetails {
  return {
    type: problemType(extra.code, status),
    title: titleFor(status),
    status,
    detail,
    ...extra,
  };
}
