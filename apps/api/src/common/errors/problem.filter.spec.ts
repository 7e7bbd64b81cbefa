import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { ConflictError, NotFoundError } from './domain-errors';
import { ProblemFilter } from './problem.filter';

const filter = new ProblemFilter();
const pgError = (code: string, message = 'db error') =>
  new QueryFailedError('SELECT 1', [], Object.assign(new Error(message), { code }));

describe('ProblemFilter.toProblem', () => {
  it('maps domain errors to their status with their code', () => {
    expect(filter.toProblem(new NotFoundError('Appointment'), 'r1')).toMatchObject({
      status: 404,
      code: 'appointment_not_found',
    });
    expect(filter.toProblem(new ConflictError('slot_taken', 'taken'), 'r1')).toMatchObject({
      status: 409,
      code: 'slot_taken',
    });
  });

  it('maps constraint violations to 409 and malformed values to 400', () => {
    expect(filter.toProblem(pgError('23505'), 'r1').status).toBe(409);
    expect(filter.toProblem(pgError('23P01'), 'r1').status).toBe(409);
    expect(filter.toProblem(pgError('22P02'), 'r1').status).toBe(400);
  });

  it('answers 503, not 500, when the database connection is lost mid-request', () => {
    expect(filter.toProblem(new QueryRunnerAlreadyReleasedError(), 'r1')).toMatchObject({
      status: 503,
      requestId: 'r1',
    });
    expect(filter.toProblem(pgError('57P01', 'terminating connection due to administrator command'), 'r1').status).toBe(
      503,
    );
    expect(filter.toProblem(new Error('Connection terminated unexpectedly'), 'r1').status).toBe(503);
  });

  it('hides unexpected errors behind a generic 500 with the request id', () => {
    const body = filter.toProblem(new TypeError('secret internals'), 'req-42');
    expect(body).toMatchObject({ status: 500, requestId: 'req-42' });
    expect(JSON.stringify(body)).not.toContain('secret internals');
  });
});
