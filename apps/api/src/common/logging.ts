import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Params } from 'nestjs-pino';
import pino, { type Logger as PinoLoggerInstance, type LoggerOptions } from 'pino';
import type { AppConfig } from '../config/app-config';
import { currentRequest } from './request-context';

/** Fields never written to the log: credentials, tokens and clinical free text. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body',
  'req.query',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.passwordHash',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.*.password',
  '*.*.refreshToken',
  '*.*.token',
  '*.diagnosis',
  '*.prescription',
  '*.notes',
  '*.reason',
  'err.parameters',
  'err.driverError.parameters',
];

/** The path of a request URL without its query string (search terms and tokens stay out of the logs). */
export function pathOf(url: string | undefined): string {
  const value = url ?? '';
  const cut = value.search(/[?#]/);
  return cut === -1 ? value : value.slice(0, cut);
}

/** What a request line logs: id, method and path; never headers, query or body. */
export function serializeRequest(req: { id: string; method: string; url: string }): {
  id: string;
  method: string;
  url: string;
} {
  return { id: req.id, method: req.method, url: pathOf(req.url) };
}

export function requestIdOf(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.-]{1,128}$/.test(value) ? value : randomUUID();
}

/**
 * The root logger's options: redaction compiled once, the request id of the
 * request being served on every line written while serving it.
 */
export function loggerOptions(config: AppConfig): LoggerOptions {
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: serializeRequest,
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    base: { service: 'hms-api', role: config.appRole },
    // pino merges each line's fields into the returned object: a fresh one every time.
    mixin: () => {
      const requestId = currentRequest()?.requestId;
      return requestId ? { reqId: requestId } : {};
    },
  };
}

/** The process's one logger (structured JSON); Nest's logger and the request log write through it. */
export function createRootLogger(config: AppConfig): PinoLoggerInstance {
  return pino(loggerOptions(config));
}

/**
 * nestjs-pino over the given logger, without its per-request middleware
 * (no child logger per request): the request id reaches in-request lines
 * through the logger's mixin, and completed requests are logged by
 * `requestLogHook`.
 */
export function loggerParams(logger: PinoLoggerInstance): Params {
  return { pinoHttp: { logger }, useExisting: true, forRoutes: [] };
}

/** Provider token of the root logger. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

function levelOf(statusCode: number): 'error' | 'warn' | 'info' {
  return statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
}

/**
 * Fastify onResponse hook writing one line per completed request (id, method,
 * path without query, status, time); health probes are not logged.
 */
export function requestLogHook(
  logger: PinoLoggerInstance,
): (request: FastifyRequest, reply: FastifyReply, done: () => void) => void {
  return (request, reply, done) => {
    const statusCode = reply.statusCode;
    const level = levelOf(statusCode);
    if (logger.isLevelEnabled(level) && !request.url.startsWith('/api/v1/health')) {
      logger[level](
        {
          reqId: request.id,
          req: { id: request.id, method: request.method, url: pathOf(request.url) },
          res: { statusCode },
          responseTime: Math.round(reply.elapsedTime),
        },
        statusCode >= 500 ? 'request errored' : 'request completed',
      );
    }
    done();
  };
}
