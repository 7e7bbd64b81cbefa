import {
  type ArgumentsHost,
  type CallHandler,
  Catch,
  type ExceptionFilter,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
  NotAcceptableException,
} from '@nestjs/common';
import type { ProblemDetails } from '@hms/shared';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { TooManyRequestsError } from '../common/errors/domain-errors';
import { problem } from '../common/errors/problem';
import { ProblemFilter } from '../common/errors/problem.filter';

export const FHIR_PREFIX = 'fhir';
export const FHIR_CONTENT_TYPE = 'application/fhir+json; charset=utf-8';
export const FHIR_VERSION = '4.0.1';

/** True for a request to the FHIR base (`/fhir`, `/fhir/...`, `/fhir?...`). */
export function isFhirPath(url: string): boolean {
  return url === `/${FHIR_PREFIX}` || /^\/fhir[/?]/.test(url);
}

/**
 * The FHIR base as the client reached it (scheme and host of the request, the
 * forwarded ones when TRUST_PROXY trusts the proxy), so `fullUrl`, `link` and
 * `Location` work from wherever the client stands.
 */
export function fhirBase(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/${FHIR_PREFIX}`;
}

type IssueType = OperationOutcomeIssue['code'];

const ISSUE_CODES: Record<number, IssueType> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  406: 'not-supported',
  409: 'conflict',
  410: 'deleted',
  412: 'conflict',
  413: 'too-costly',
  415: 'not-supported',
  422: 'business-rule',
  429: 'throttled',
  503: 'transient',
};

/** An RFC 9457 problem as an OperationOutcome: one issue for the problem, one per invalid field. */
export function toOperationOutcome(p: ProblemDetails): OperationOutcome {
  const code = ISSUE_CODES[p.status] ?? (p.status >= 500 ? 'exception' : 'processing');
  const main: OperationOutcomeIssue = {
    severity: p.status >= 500 ? 'fatal' : 'error',
    code,
    details: {
      ...(p.code ? { coding: [{ system: 'urn:hms:problem', code: p.code }] } : {}),
      text: p.detail ?? p.title,
    },
    ...(p.requestId ? { diagnostics: `request id ${p.requestId}` } : {}),
  };
  const fields: OperationOutcomeIssue[] = (p.errors ?? []).map((e) => ({
    severity: 'error',
    code: code === 'business-rule' ? 'business-rule' : 'invalid',
    details: { text: e.message },
    expression: [e.field],
  }));
  return { resourceType: 'OperationOutcome', issue: [main, ...fields] };
}

/**
 * The application's error filter: every error on the FHIR base answers an
 * OperationOutcome with the status the REST API would give (the same domain
 * errors, validation errors and HTTP-layer errors); everything else answers
 * RFC 9457 problem+json as before.
 */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly problems: ProblemFilter = new ProblemFilter()) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    if (!isFhirPath(request.url)) return this.problems.catch(exception, host);
    const reply = ctx.getResponse<FastifyReply>();
    const body = this.problems.toProblem(exception, String(request.id ?? ''));
    if (body.status >= 500 && body.status !== 503) {
      this.logger.error(
        { err: exception, requestId: body.requestId, method: request.method, url: request.url },
        'Unhandled error',
      );
    }
    if (exception instanceof TooManyRequestsError) {
      void reply.header('Retry-After', String(exception.retryAfterSeconds));
    }
    if (reply.sent) return;
    sendOutcome(reply, body);
  }
}

export function sendOutcome(reply: FastifyReply, body: ProblemDetails): void {
  void reply
    .status(body.status)
    .header('Content-Type', FHIR_CONTENT_TYPE)
    .header('Cache-Control', 'no-store')
    .send(toOperationOutcome(body));
}

/** A 404 OperationOutcome for a path under the FHIR base that names nothing this server offers. */
export function unknownFhirRoute(reply: FastifyReply, method: string, url: string): void {
  sendOutcome(
    reply,
    problem(404, `No FHIR interaction ${method} ${url.split('?')[0]}; see /fhir/metadata`, {
      code: 'route_not_found',
    }),
  );
}

/**
 * Answers FHIR JSON (`application/fhir+json`, the media type FHIR clients ask
 * for); a client that accepts only XML is told 406.
 */
@Injectable()
export class FhirResponseInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const format = request.query && (request.query as Record<string, unknown>)._format;
    const accept = typeof format === 'string' ? format : (request.headers.accept ?? '*/*');
    if (!/json|\*\/\*|application\/\*|^json$/i.test(accept)) {
      throw new NotAcceptableException('This server speaks FHIR JSON only: accept application/fhir+json');
    }
    void reply.header('Content-Type', FHIR_CONTENT_TYPE);
    return next.handle();
  }
}
