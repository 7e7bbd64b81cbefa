import { BadRequestException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, PROBLEM_CONTENT_TYPE } from '../errors/problem';

const NUL = String.fromCharCode(0);

/** Bodies nested deeper than this (objects and arrays) are refused before they are parsed. */
export const MAX_JSON_DEPTH = 32;

type Done = (error: Error | null, value?: unknown) => void;
type JsonParser = (request: FastifyRequest, body: string, done: Done) => void;

/** True when the JSON text opens more than `max` nested objects/arrays (strings are skipped). */
export function exceedsDepth(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return false;
}

/** The path (`items[2].name`) of the first string or key holding a NUL character, or null. */
export function findNul(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path || 'body' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findNul(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (key.includes(NUL)) return field.split(NUL).join('\\u0000');
      const found = findNul(item, field);
      if (found) return found;
    }
  }
  return null;
}

function nulProblem(field: string) {
  const message = `${field} must not contain NUL characters`;
  return problem(400, '1 invalid field', { code: 'validation_failed', errors: [{ field, message }] });
}

/**
 * The JSON body parser: refuses bodies nested deeper than MAX_JSON_DEPTH
 * (before parsing, so no recursion ever runs that deep) and strings or keys
 * holding a NUL character, naming the field; then the framework's own
 * parser (prototype-poisoning safe).
 */
export function guardedJsonParser(parse: JsonParser) {
  return (request: FastifyRequest, body: Buffer | string, done: Done): void => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (exceedsDepth(text)) {
      done(
        new BadRequestException(
          problem(400, `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`, { code: 'body_too_deep' }),
        ),
      );
      return;
    }
    parse(request, text, (error, value) => {
      if (error) return done(error);
      const field = findNul(value);
      if (field) return done(new BadRequestException(nulProblem(field)));
      done(null, value);
    });
  };
}

/** Form bodies (`application/x-www-form-urlencoded`), with the same NUL rule. */
export function guardedFormParser() {
  return (_request: FastifyRequest, body: Buffer | string, done: Done): void => {
    const params = new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'));
    const value: Record<string, string> = {};
    for (const [key, item] of params) value[key] = item;
    const field = findNul(value);
    if (field) return done(new BadRequestException(nulProblem(field)));
    done(null, value);
  };
}

/**
 * onRequest hook: a NUL character (`%00`) anywhere in the path or the query
 * string is refused with 400, naming the query parameter (or `path`).
 */
export function refuseNulInUrl(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const url = request.url;
  const hasNul = (text: string) => text.includes(NUL) || /%00/i.test(text);
  if (!hasNul(url)) return done();
  const [path, query = ''] = url.split(/\?(.*)/s, 2);
  let field = 'path';
  if (!hasNul(path)) {
    try {
      field = findNul(Object.fromEntries(new URLSearchParams(query))) ?? 'query';
    } catch {
      field = 'query';
    }
  }
  void reply
    .status(400)
    .header('Content-Type', PROBLEM_CONTENT_TYPE)
    .header('Cache-Control', 'no-store')
    .send(nulProblem(field));
}
