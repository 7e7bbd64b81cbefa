import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
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
  return new ValidationPipe({
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
