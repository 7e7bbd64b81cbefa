import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { titleFor } from '../errors/problem';
import { ProblemDto } from './problem.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed or invalid input; `errors` lists every bad field',
  401: 'Not authenticated',
  403: 'Authenticated but not allowed',
  404: 'No such resource (or not yours)',
  409: 'Conflicts with the current state',
  422: 'Breaks a business rule',
  429: 'Rate limited: `Retry-After` gives the seconds to wait and `detail` says when to try again',
  503: 'A dependency is unavailable',
};

/** Documents problem+json answers for the given statuses. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? titleFor(status),
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}
