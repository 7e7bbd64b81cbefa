import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { ProblemCode, ProblemDetails } from '@hms/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CannotExecuteNotConnectedError,
  ConnectionIsNotSetError,
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
} from 'typeorm';
import { pathOf } from '../logging';
import { DomainError, TooManyRequestsError } from './domain-errors';
import { problem, PROBLEM_CONTENT_TYPE, problemType, titleFor } from './problem';

/** PostgreSQL error codes that describe the caller's request, not a fault of ours. */
const PG_CONFLICT_CODES: Record<string, { code: ProblemCode; detail: string }> = {
  '23505': { code: 'duplicate', detail: 'A resource with the same unique value already exists' },
  '23P01': { code: 'overlap', detail: 'The change overlaps an existing booking or window' },
  '23503': { code: 'referenced', detail: 'The change refers to, or is referred to by, another resource' },
  '23001': { code: 'referenced', detail: 'The resource is still referred to by another resource' },
  '40001': { code: 'concurrent_update', detail: 'The resource was changed concurrently; try again' },
};
const PG_BAD_INPUT_CODES = new Set(['22P02', '22007', '22008', '22003', '22001', '23514', '23502']);
const CONNECTION_ERROR =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated|connection timeout|timeout exceeded when trying to connect|terminating connection|Client has encountered a connection error/i;

/** Server-side termination and connection failures (class 08 and 57P0x): the request did nothing wrong. */
function isConnectionLoss(error: QueryFailedError): boolean {
  const code = (error.driverError as ErrorWithCode | undefined)?.code ?? '';
  return code.startsWith('08') || code.startsWith('57P') || CONNECTION_ERROR.test(error.message);
}

interface ErrorWithCode {
  code?: string;
  statusCode?: number;
  message?: string;
}

/**
 * Turns every error into RFC 9457 problem+json. Unexpected errors become a
 * generic 500 carrying the request id; their details go to the log only.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const requestId = String(request.id ?? '');
    const body = this.toProblem(exception, requestId);
    if (body.status >= 500 && body.status !== 503) {
      this.logger.error(
        { err: exception, requestId, method: request.method, url: pathOf(request.url) },
        'Unhandled error',
      );
    } else if (body.status === 503) {
      this.logger.warn({ err: exception, requestId }, 'Dependency unavailable');
    }
    if (exception instanceof TooManyRequestsError) {
      void reply.header('Retry-After', String(exception.retryAfterSeconds));
    }
    if (reply.sent) return;
    void reply
      .status(body.status)
      .header('Content-Type', PROBLEM_CONTENT_TYPE)
      .header('Cache-Control', 'no-store')
      .send(body);
  }

  toProblem(exception: unknown, requestId: string): ProblemDetails {
    if (exception instanceof DomainError) {
      return {
        type: problemType(exception.code, exception.status),
        title: exception.title,
        status: exception.status,
        detail: exception.message,
        code: exception.code,
        ...(exception.errors ? { errors: exception.errors } : {}),
        ...(exception.extensions ?? {}),
      };
    }
    if (exception instanceof HttpException) return this.fromHttpException(exception, requestId);
    if (exception instanceof QueryFailedError) {
      const pgCode = (exception.driverError as ErrorWithCode | undefined)?.code ?? '';
      // A deadlock is our fault, never the caller's conflict: every path takes its locks in one order.
      if (pgCode === '40P01') {
        this.logger.error({ err: exception, requestId }, 'Deadlock');
        return problem(503, 'The request met a deadlock and was rolled back; try again', { code: 'deadlock' });
      }
      const conflict = PG_CONFLICT_CODES[pgCode];
      if (conflict) return problem(409, conflict.detail, { code: conflict.code });
      if (PG_BAD_INPUT_CODES.has(pgCode))
        return problem(400, 'A value is malformed or out of range', { code: 'invalid_value' });
    }
    if (
      exception instanceof QueryRunnerAlreadyReleasedError ||
      exception instanceof CannotExecuteNotConnectedError ||
      exception instanceof ConnectionIsNotSetError ||
      (exception instanceof QueryFailedError && isConnectionLoss(exception))
    ) {
      return problem(503, 'The database connection was lost; try again shortly', {
        code: 'dependency_unavailable',
        requestId,
      });
    }
    const err = exception as ErrorWithCode | undefined;
    if (err && typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      // Errors the HTTP layer raises before a handler runs: bad JSON, body too large, wrong media type.
      return problem(err.statusCode, this.fastifyDetail(err), { code: this.fastifyCode(err) });
    }
    if (err?.message && CONNECTION_ERROR.test(err.message)) {
      return problem(503, 'A backing service is unavailable; try again shortly', {
        code: 'dependency_unavailable',
        requestId,
      });
    }
    return problem(500, 'An unexpected error occurred. Quote the request id when reporting it.', {
      code: 'internal_error',
      requestId,
    });
  }

  private fromHttpException(exception: HttpException, requestId: string): ProblemDetails {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null && 'type' in response && 'status' in response) {
      return response as ProblemDetails;
    }
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? ((response as { message: string[] }).message.join('; ') ?? exception.message)
          : String((response as { message?: unknown }).message ?? exception.message);
    const extra: Partial<ProblemDetails> = status >= 500 ? { requestId } : {};
    return { type: problemType(undefined, status), title: titleFor(status), status, detail: message, ...extra };
  }

  /** The shared code of an error the HTTP layer raised (Fastify's own codes stay in the log). */
  private fastifyCode(err: ErrorWithCode): ProblemCode {
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return 'body_too_large';
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return 'unsupported_media_type';
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return 'empty_body';
      default:
        if (err.statusCode === 413) return 'body_too_large';
        if (err.statusCode === 415) return 'unsupported_media_type';
        return this.fastifyDetail(err) === 'The request body is not valid JSON' ? 'invalid_json' : 'bad_request';
    }
  }

  private fastifyDetail(err: ErrorWithCode): string {
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return 'The request body is larger than allowed';
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return 'Unsupported content type; send application/json';
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return 'The JSON body is empty';
      default:
        return err.message?.startsWith('Unexpected') || err.message?.includes('JSON')
          ? 'The request body is not valid JSON'
          : (err.message ?? 'Bad request');
    }
  }
}
