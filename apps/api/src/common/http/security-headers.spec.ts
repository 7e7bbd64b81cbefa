import { isDataAnswer } from './security-headers';

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
