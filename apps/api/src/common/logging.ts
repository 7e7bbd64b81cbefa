import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';

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

/** Structured JSON logs (pino) with a request id on every line. */
export function loggerParams(config: AppConfig): Params {
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: (req, res) => {
        const existing = (req as { id?: unknown }).id;
        const id = typeof existing === 'string' && existing ? existing : requestIdOf(req);
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/api/v1/health') },
      serializers: {
        req: serializeRequest,
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      base: { service: 'hms-api', role: config.appRole },
    },
  };
}
