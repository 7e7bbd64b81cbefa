import { type ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { problem } from '../errors/problem';

function flatten(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Validates every body and query against its DTO: unknown properties are
 * rejected (no mass assignment) and every bad field is listed.
 */
export function createValidationPipe(): ValidationPipe {
  return new QueryCachingValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const list = flatten(errors);
      return new BadRequestException(
        problem(400, `${list.length} invalid field${list.length === 1 ? '' : 's'}`, {
          code: 'validation_failed',
          errors: list,
        }),
      );
    },
  });
}

/**
 * Validation constraints whose verdict depends on the value alone (no clock,
 * no I/O, no other state); a query DTO made only of these (and of pure
 * transforms: trims, number parsing) validates the same query string to the
 * same result every time.
 */
const PURE_CONSTRAINTS = new Set([
  'arrayMaxSize',
  'isArray',
  'isBoolean',
  'isClinicDate',
  'isEmail',
  'isEnum',
  'isIn',
  'isInt',
  'isIso8601',
  'isLength',
  'isNumber',
  'isString',
  'isUuid',
  'matches',
  'max',
  'maxLength',
  'min',
  'minLength',
]);
const STRUCTURAL_TYPES = new Set(['conditionalValidation', 'whitelistValidation', 'isDefined']);
const QUERY_RESULTS_PER_DTO = 512;

type Plain = Record<string, unknown>;
type DtoClass = abstract new (...args: never[]) => unknown;

function onlyPrimitives(value: Plain): boolean {
  for (const key in value) {
    const field = value[key];
    if (field !== null && typeof field === 'object') return false;
  }
  return true;
}

/**
 * The validation pipe, with the outcome of valid queries remembered per DTO
 * and query (the query object's JSON): a repeated query skips
 * class-transformer and class-validator and gets a fresh copy of the DTO
 * instance. Only DTOs whose constraints are all pure qualify; refusals are
 * not remembered (each is validated again, with the same 400).
 */
export class QueryCachingValidationPipe extends ValidationPipe {
  private readonly pure = new WeakMap<DtoClass, Map<string, Plain> | null>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const results = metadata.type === 'query' && metadata.metatype ? this.resultsFor(metadata.metatype) : null;
    if (!results || value === null || typeof value !== 'object') return super.transform(value, metadata);
    const key = JSON.stringify(value);
    const known = results.get(key);
    const prototype = (metadata.metatype as DtoClass).prototype as object;
    if (known) return Object.assign(Object.create(prototype) as Plain, known);
    const result = (await super.transform(value, metadata)) as Plain;
    if (result !== null && typeof result === 'object' && onlyPrimitives(result)) {
      if (results.size >= QUERY_RESULTS_PER_DTO) results.clear();
      results.set(key, { ...result });
    }
    return result;
  }

  private resultsFor(metatype: DtoClass): Map<string, Plain> | null {
    let results = this.pure.get(metatype);
    if (results === undefined) {
      const constraints = getMetadataStorage().getTargetValidationMetadatas(
        metatype as unknown as new () => unknown,
        '',
        true,
        false,
      );
      const pure =
        constraints.length > 0 &&
        constraints.every((m) => STRUCTURAL_TYPES.has(m.type) || PURE_CONSTRAINTS.has(m.name ?? m.type));
      results = pure ? new Map() : null;
      this.pure.set(metatype, results);
    }
    return results;
  }
}
