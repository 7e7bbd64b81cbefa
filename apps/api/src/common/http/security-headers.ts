import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The security headers helmet sets for these options, computed once. They
 * depend on the options only (no per-request nonces here), so every answer
 * gets the same set from a hook that copies a ready object, instead of
 * helmet's middleware being rebuilt and its CSP parsed on every request.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, () => undefined);
  return headers;
}

/**
 * The security headers of data answers (see isDataAnswer): OWASP's set for
 * REST answers (its `Cache-Control: no-store` is set with the others' in
 * bootstrap), with a CSP that loads nothing and forbids framing, plus
 * helmet's referrer, cross-origin resource and cross-domain policies as on
 * every other answer. The headers that only steer
 * how a page behaves (script and style sources, opener policy, DNS prefetch,
 * origin-keyed agent clusters, the legacy IE switches) go only on the pages:
 * a data answer carries 7 security headers in 303 bytes instead of 12 in 642.
 */
export const DATA_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'x-permitted-cross-domain-policies': 'none',
});

/** Content types of data answers: JSON (problem details and FHIR included), CSV and plain text. */
const DATA_TYPES = /^\s*(application\/([\w.-]+\+)?json|text\/csv|text\/plain)\s*(;|$)/i;

/**
 * True when an answer of this content type is data, not something a browser
 * may run as a page or a worker (HTML, SVG, scripts, and anything else or
 * untyped get the pages' full set).
 */
export function isDataAnswer(contentType: string | number | string[] | undefined): boolean {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  return typeof value === 'string' && DATA_TYPES.test(value);
}
