import type { Bundle, BundleLink, Resource } from '@medplum/fhirtypes';
import { InvalidInputError } from '../common/errors/domain-errors';
import { addDays, clinicInstant, isClinicDate, startOfClinicDay } from '../common/time/clinic-time';

/** Query parameters as Fastify parses them: a repeated parameter becomes an array. */
export type FhirQuery = Record<string, string | string[] | undefined>;

export const FHIR_COUNT_DEFAULT = 20;
export const FHIR_COUNT_MAX = 100;

/** Parameters every search understands, whatever the resource type. */
const COMMON_PARAMS = ['_count', '_offset', '_format'];

/**
 * One search's parameters: the ones the resource type supports (with their
 * modifiers), `_count` and `_offset`. Unknown parameters are ignored and left
 * out of the `self` link (FHIR's lenient handling), or refused with 400 when the
 * client asks for `Prefer: handling=strict`.
 */
export class SearchRequest {
  readonly count: number;
  readonly offset: number;
  /** Supported parameters as given, in order, for the `self` and `next` links. */
  private readonly used: [string, string][] = [];

  constructor(
    private readonly query: FhirQuery,
    supported: readonly string[],
    strict: boolean,
  ) {
    for (const [key, raw] of Object.entries(query)) {
      if (raw === undefined || COMMON_PARAMS.includes(key)) continue;
      const name = key.split(':')[0];
      if (!supported.includes(name)) {
        if (strict) {
          throw new InvalidInputError('unknown_search_parameter', `Unknown search parameter ${key}`, [
            { field: key, message: `supported: ${[...supported, '_count', '_offset'].join(', ')}` },
          ]);
        }
        continue;
      }
      for (const value of Array.isArray(raw) ? raw : [raw]) this.used.push([key, value]);
    }
    this.count = Math.min(integerParam(query._count, '_count', FHIR_COUNT_DEFAULT), FHIR_COUNT_MAX);
    this.offset = integerParam(query._offset, '_offset', 0);
  }

  /** Every value of a parameter (a repeated parameter ANDs its values), with its modifier. */
  values(name: string): { modifier: string | null; value: string }[] {
    return this.used
      .filter(([key]) => key === name || key.startsWith(`${name}:`))
      .map(([key, value]) => ({ modifier: key.includes(':') ? key.slice(key.indexOf(':') + 1) : null, value }));
  }

  /** The values of a parameter that may appear once, split on commas (FHIR's OR), or null when absent. */
  anyOf(name: string): string[] | null {
    const given = this.values(name);
    if (given.length === 0) return null;
    if (given.length > 1) {
      throw new InvalidInputError('repeated_search_parameter', `${name} may be given once (use commas for OR)`, [
        { field: name, message: 'give one value, or several separated by commas' },
      ]);
    }
    return given[0].value.split(',').map((v) => v.trim());
  }

  /** The searchset Bundle of one page: `total`, `self`, and `next`/`previous` when there are such pages. */
  bundle<T extends Resource>(base: string, resourceType: string, total: number, page: T[]): Bundle<T> {
    const link: BundleLink[] = [{ relation: 'self', url: this.url(base, resourceType, this.offset) }];
    if (this.count > 0 && this.offset + this.count < total) {
      link.push({ relation: 'next', url: this.url(base, resourceType, this.offset + this.count) });
    }
    if (this.offset > 0 && this.count > 0) {
      link.push({ relation: 'previous', url: this.url(base, resourceType, Math.max(0, this.offset - this.count)) });
    }
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total,
      link,
      // FHIR JSON has no empty arrays: an empty page has no `entry`.
      ...(page.length > 0
        ? {
            entry: page.map((resource) => ({
              fullUrl: `${base}/${resourceType}/${resource.id}`,
              resource,
              search: { mode: 'match' as const },
            })),
          }
        : {}),
    };
  }

  /** This page of a list searched in memory. */
  slice<T>(all: T[]): T[] {
    return all.slice(this.offset, this.offset + this.count);
  }

  private url(base: string, resourceType: string, offset: number): string {
    const params = new URLSearchParams(this.used);
    params.set('_count', String(this.count));
    if (offset > 0) params.set('_offset', String(offset));
    return `${base}/${resourceType}?${params.toString()}`;
  }
}

function integerParam(raw: string | string[] | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (!/^\d{1,9}$/.test(value)) {
    throw new InvalidInputError('invalid_search_parameter', `${name} must be a whole number`, [
      { field: name, message: 'must be a whole number, 0 or more' },
    ]);
  }
  return Number(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids of this server's doctors, patients and appointments are UUIDs; any other id names nothing. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/** True when the client asked for strict handling of search parameters (`Prefer: handling=strict`). */
export function strictHandling(headers: Record<string, string | string[] | undefined>): boolean {
  return /handling\s*=\s*strict/i.test(String(headers['prefer'] ?? ''));
}

/** `Type/id`, an absolute URL ending in `Type/id`, or a bare id: the id, or null when it names another type. */
export function referencedId(value: string, resourceType: string): string | null {
  const match = /^(?:.*\/)?([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(value);
  if (match) return match[1] === resourceType ? match[2] : null;
  return /^[A-Za-z0-9\-.]{1,64}$/.test(value) ? value : null;
}

/** Half-open instant bounds: from (inclusive), before (exclusive). */
export interface InstantBounds {
  from?: Date;
  before?: Date;
}

const DATE_VALUE =
  /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * FHIR date search values (`ge2026-03-01`, `lt2026-03-01T10:00:00Z`, ...)
 * ANDed into one half-open range of instants. A value stands for the whole
 * span of its precision (a day, a minute...); dates and times without an
 * offset are read on the clinic's wall clock. Prefixes eq (default), gt, ge,
 * lt, le; the others answer 400.
 */
export function dateBounds(values: string[], param: string, timeZone: string): InstantBounds {
  const bounds: InstantBounds = {};
  for (const raw of values) {
    const m = DATE_VALUE.exec(raw);
    const invalid = () =>
      new InvalidInputError('invalid_search_parameter', `${param}=${raw} is not a FHIR date search value`, [
        { field: param, message: 'use [eq|gt|ge|lt|le]YYYY[-MM[-DD[Thh:mm[:ss][Z|+hh:mm]]]]' },
      ]);
    if (!m) throw invalid();
    const [, prefix = 'eq', y, mo, d, h, mi, s, frac, zone] = m;
    const span = spanOf({ y, mo, d, h, mi, s, frac, zone }, timeZone);
    if (!span) throw invalid();
    switch (prefix) {
      case 'eq':
        raise(bounds, span.start, 'from');
        raise(bounds, span.end, 'before');
        break;
      case 'ge':
        raise(bounds, span.start, 'from');
        break;
      case 'gt':
        raise(bounds, span.end, 'from');
        break;
      case 'lt':
        raise(bounds, span.start, 'before');
        break;
      case 'le':
        raise(bounds, span.end, 'before');
        break;
      default:
        throw new InvalidInputError('unsupported_search_prefix', `The prefix ${prefix} is not supported on ${param}`, [
          { field: param, message: 'supported prefixes: eq, gt, ge, lt, le' },
        ]);
    }
  }
  return bounds;
}

function raise(bounds: InstantBounds, value: Date, which: 'from' | 'before'): void {
  const current = bounds[which];
  if (which === 'from') bounds.from = current && current > value ? current : value;
  else bounds.before = current && current < value ? current : value;
}

interface DateParts {
  y: string;
  mo?: string;
  d?: string;
  h?: string;
  mi?: string;
  s?: string;
  frac?: string;
  zone?: string;
}

function spanOf(p: DateParts, timeZone: string): { start: Date; end: Date } | null {
  const month = p.mo ?? '01';
  const day = p.d ?? '01';
  const date = `${p.y}-${month}-${day}`;
  if (!isClinicDate(date)) return null;
  if (p.h === undefined || p.mi === undefined) {
    if (p.d) return { start: startOfClinicDay(date, timeZone), end: startOfClinicDay(addDays(date, 1), timeZone) };
    const next = p.mo
      ? Number(month) === 12
        ? `${Number(p.y) + 1}-01-01`
        : `${p.y}-${String(Number(month) + 1).padStart(2, '0')}-01`
      : `${Number(p.y) + 1}-01-01`;
    return { start: startOfClinicDay(date, timeZone), end: startOfClinicDay(next, timeZone) };
  }
  if (Number(p.h) > 23 || Number(p.mi) > 59 || Number(p.s ?? 0) > 59) return null;
  const unit = p.frac ? 1 : p.s !== undefined ? 1000 : 60_000;
  const ms = Number(p.s ?? 0) * 1000 + (p.frac ? Math.floor(Number(`0${p.frac}`) * 1000) : 0);
  let start: Date | null;
  if (p.zone) {
    start = new Date(`${date}T${p.h}:${p.mi}:00${p.zone === 'Z' ? 'Z' : p.zone}`);
    if (Number.isNaN(start.getTime())) return null;
  } else {
    start = clinicInstant(date, `${p.h}:${p.mi}`, timeZone);
    if (!start) return null;
  }
  const at = new Date(start.getTime() + ms);
  return { start: at, end: new Date(at.getTime() + unit) };
}

/** Case- and accent-insensitive form of a string, for FHIR string search. */
export function normalizeText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
}

/**
 * FHIR string matching: by default any word of the text (or the text) starts
 * with the value; `:contains` anywhere; `:exact` the whole text, case and
 * accents included.
 */
export function stringMatches(text: string, value: string, modifier: string | null): boolean {
  if (modifier === 'exact') return text === value;
  const t = normalizeText(text);
  const v = normalizeText(value);
  if (modifier === 'contains') return t.includes(v);
  if (modifier !== null) {
    throw new InvalidInputError('unsupported_search_modifier', `The modifier :${modifier} is not supported here`, [
      { field: modifier, message: 'supported modifiers: :exact, :contains' },
    ]);
  }
  return t.startsWith(v) || t.split(/[\s.,'-]+/).some((word) => word.startsWith(v));
}
