import { InvalidInputError } from '../common/errors/domain-errors';
import { parseSlotId, slotId, toFhirAppointmentStatus } from './fhir-resources';
import { dateBounds, referencedId, SearchRequest, stringMatches } from './fhir-search';

describe('FHIR search values', () => {
  const iso = (d?: Date) => d?.toISOString();

  it('turns date prefixes into a half-open range at the precision of the value', () => {
    expect(dateBounds(['2026-03-01'], 'date', 'UTC')).toEqual({
      from: new Date('2026-03-01T00:00:00Z'),
      before: new Date('2026-03-02T00:00:00Z'),
    });
    const b = dateBounds(['gt2026-03-01', 'le2026-03-05'], 'date', 'UTC');
    expect([iso(b.from), iso(b.before)]).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-06T00:00:00.000Z']);
    const t = dateBounds(['ge2026-03-01T10:00:00Z', 'lt2026-03-01T12:00:00+02:00'], 'date', 'UTC');
    expect([iso(t.from), iso(t.before)]).toEqual(['2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z']);
    const gtSecond = dateBounds(['gt2026-03-01T10:00:00Z'], 'date', 'UTC');
    expect(iso(gtSecond.from)).toBe('2026-03-01T10:00:01.000Z');
    expect(iso(dateBounds(['2026-03'], 'date', 'UTC').before)).toBe('2026-04-01T00:00:00.000Z');
    expect(iso(dateBounds(['2026-12'], 'date', 'UTC').before)).toBe('2027-01-01T00:00:00.000Z');
  });

  it('reads dates and times without an offset on the clinic clock', () => {
    const b = dateBounds(['2026-07-01'], 'date', 'Europe/Berlin');
    expect(iso(b.from)).toBe('2026-06-30T22:00:00.000Z');
    const t = dateBounds(['ge2026-07-01T09:00'], 'date', 'Europe/Berlin');
    expect(iso(t.from)).toBe('2026-07-01T07:00:00.000Z');
  });

  it('refuses malformed values and unsupported prefixes with 400', () => {
    for (const value of ['2026-13-01', 'ge2026-02-30', 'yesterday', 'sa2026-03-01', '2026-03-01T25:00Z']) {
      expect(() => dateBounds([value], 'date', 'UTC')).toThrow(InvalidInputError);
    }
  });

  it('matches names by word prefix, case- and accent-insensitively; :contains and :exact', () => {
    expect(stringMatches('Dr. Amélie Nørgaard', 'amelie', null)).toBe(true);
    expect(stringMatches('Dr. Amélie Nørgaard', 'NØR', null)).toBe(true);
    expect(stringMatches('Dr. Amélie Nørgaard', 'gaard', null)).toBe(false);
    expect(stringMatches('Dr. Amélie Nørgaard', 'gaard', 'contains')).toBe(true);
    expect(stringMatches('Dr. Amélie Nørgaard', 'dr. amélie nørgaard', 'exact')).toBe(false);
    expect(() => stringMatches('x', 'x', 'below')).toThrow(InvalidInputError);
  });

  it('reads references of the expected type only', () => {
    expect(referencedId('Practitioner/abc', 'Practitioner')).toBe('abc');
    expect(referencedId('https://clinic.example/fhir/Practitioner/abc/_history/2', 'Practitioner')).toBe('abc');
    expect(referencedId('abc', 'Practitioner')).toBe('abc');
    expect(referencedId('Patient/abc', 'Practitioner')).toBeNull();
  });

  it('pages with _count (default 20, at most 100) and _offset, carrying the parameters in next', () => {
    const search = new SearchRequest({ name: 'ann', _count: '2', _offset: '2', colour: 'blue' }, ['name'], false);
    const bundle = search.bundle('http://h/fhir', 'Practitioner', 5, []);
    expect(bundle.link).toEqual([
      { relation: 'self', url: 'http://h/fhir/Practitioner?name=ann&_count=2&_offset=2' },
      { relation: 'next', url: 'http://h/fhir/Practitioner?name=ann&_count=2&_offset=4' },
      { relation: 'previous', url: 'http://h/fhir/Practitioner?name=ann&_count=2' },
    ]);
    expect(new SearchRequest({}, [], false).count).toBe(20);
    expect(new SearchRequest({ _count: '500' }, [], false).count).toBe(100);
    expect(() => new SearchRequest({ colour: 'blue' }, ['name'], true)).toThrow(InvalidInputError);
    expect(() => new SearchRequest({ _count: '-1' }, [], false)).toThrow(InvalidInputError);
  });
});

describe('FHIR ids and codes', () => {
  it('encodes a slot as doctor and start, and reads it back', () => {
    const id = slotId('0f8fad5b-d9cb-469f-a165-70867728950e', '2026-03-01T09:30:00.000Z');
    expect(id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
    expect(parseSlotId(id)).toEqual({
      doctorId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      startsAt: new Date('2026-03-01T09:30:00.000Z'),
    });
    expect(parseSlotId('not-a-slot')).toBeNull();
  });

  it('maps appointment statuses through one table', () => {
    expect(toFhirAppointmentStatus('booked')).toBe('booked');
    expect(toFhirAppointmentStatus('completed')).toBe('fulfilled');
    expect(toFhirAppointmentStatus('cancelled')).toBe('cancelled');
  });
});
