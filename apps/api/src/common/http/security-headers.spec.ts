import { dataSecurityHeaders, isDataAnswer, securityHeaders } from './security-headers';

describe('dataSecurityHeaders', () => {
  it("keeps the pages' shared values, forbids loading and framing, and drops what only steers a page", () => {
    const page = securityHeaders({});
    const data = dataSecurityHeaders(page);
    expect(data).toEqual({
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'x-frame-options': 'DENY',
      'strict-transport-security': page['strict-transport-security'],
      'x-content-type-options': 'nosniff',
      'referrer-policy': page['referrer-policy'],
      'cross-origin-resource-policy': 'same-origin',
      'x-permitted-cross-domain-policies': 'none',
    });
    const bytes = (h: Record<string, string>) =>
      Object.entries(h).reduce((n, [name, value]) => n + name.length + value.length + 4, 0);
    expect([Object.keys(data).length, bytes(data)]).toEqual([7, 303]);
    expect(Object.keys(page)).toHaveLength(12);
  });
});

describe('isDataAnswer', () => {
  it.each([
    'application/json; charset=utf-8',
    'application/problem+json',
    'application/fhir+json; fhirVersion=4.0',
    'text/csv; charset=utf-8',
    'text/plain',
    ['application/json'],
  ])('counts %p as data', (type) => {
    expect(isDataAnswer(type)).toBe(true);
  });

  it.each([
    'text/html; charset=utf-8',
    'image/svg+xml',
    'application/javascript',
    'text/javascript',
    'application/jsonp',
    'text/css',
    undefined,
    204,
  ])('gives %p the full set of a page', (type) => {
    expect(isDataAnswer(type)).toBe(false);
  });
});
