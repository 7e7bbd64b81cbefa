import { HttpContextToken } from '@angular/common/http';

/** Every API route lives under this prefix, on the same origin as the web app. */
export const API_BASE = '/api/v1';

/** True for requests that go to our API (and so may carry the access token). */
export function isApiUrl(url: string): boolean {
  return url.startsWith(API_BASE) || url.startsWith('/api/') || url.includes('/api/v1/');
}

/** Set on a request whose failures the caller reports itself (no generic toast). */
export const SILENT_ERRORS = new HttpContextToken<boolean>(() => false);

/** Set on auth requests: a 401 there must not trigger a refresh-and-retry. */
export const SKIP_AUTH_RETRY = new HttpContextToken<boolean>(() => false);
