import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import pino from 'pino';
import { loggerOptions, pathOf, REDACTED_PATHS, requestLogHook, serializeRequest } from './logging';
import { runWithRequestContext } from './request-context';
import { loadConfig } from '../config/app-config';

function capture(): { logger: pino.Logger; lines: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  return { logger: pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, stream), lines: () => out };
}

describe('log redaction', () => {
  it('never writes authorization headers, cookies, passwords, tokens or clinical free text', () => {
    const { logger, lines } = capture();
    logger.info({
      req: { headers: { authorization: 'Bearer secret-token', cookie: 'hms_refresh=abc' } },
      res: { headers: { 'set-cookie': 'hms_refresh=def' } },
      body: { password: 'hunter22', refreshToken: 'r1', accessToken: 'a1' },
      treatment: { diagnosis: 'Migraine', prescription: 'Rest', notes: 'private' },
      appointment: { reason: 'private reason' },
      err: { message: 'query failed', parameters: ['Migraine'] },
    });
    const text = lines();
    for (const secret of [
      'secret-token',
      'hms_refresh=abc',
      'hms_refresh=def',
      'hunter22',
      'r1',
      'a1',
      'Migraine',
      'Rest',
      'private',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
    expect(text).toContain('query failed');
  });

  it('never writes a refresh token, reset token or new password sent in a body, nor the query', () => {
    const { logger, lines } = capture();
    logger.info({
      req: { body: { refreshToken: 'rt-secret', token: 'reset-secret' }, query: { search: 'Smith' } },
      payload: { token: 'tok-secret', newPassword: 'np-secret', currentPassword: 'cp-secret' },
      nested: { body: { refreshToken: 'deep-secret', password: 'deep-password' } },
    });
    const text = lines();
    for (const secret of [
      'rt-secret',
      'reset-secret',
      'Smith',
      'tok-secret',
      'np-secret',
      'cp-secret',
      'deep-secret',
      'deep-password',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('request log lines', () => {
  it('carry the path without the query string', () => {
    expect(pathOf('/api/v1/admin/patients?search=Smith&page=2')).toBe('/api/v1/admin/patients');
    expect(pathOf('/api/v1/health')).toBe('/api/v1/health');
    expect(pathOf('/api/v1/x#frag')).toBe('/api/v1/x');
    expect(serializeRequest({ id: 'r1', method: 'GET', url: '/api/v1/doctor/patients?search=Jane%20Doe' })).toEqual({
      id: 'r1',
      method: 'GET',
      url: '/api/v1/doctor/patients',
    });
  });

  it('are written that way by the configured request logger: no query, no headers, no body', () => {
    let out = '';
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const options = loggerOptions(loadConfig({ DATA_DIR: tmpdir(), LOG_LEVEL: 'info', JWT_SECRET: 'x'.repeat(40) }));
    const logger = pino(options, stream);
    logger.info(
      {
        req: {
          id: 'r2',
          method: 'GET',
          url: '/api/v1/admin/patients?search=Schmidt',
          headers: { authorization: 'Bearer abc.def.ghi', cookie: 'hms_refresh=zzz' },
        },
      },
      'request completed',
    );
    expect(out).toContain('/api/v1/admin/patients');
    for (const secret of ['Schmidt', 'abc.def.ghi', 'hms_refresh=zzz']) expect(out).not.toContain(secret);
  });

  function configured(): { logger: pino.Logger; lines: () => string[] } {
    let out = '';
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const options = loggerOptions(loadConfig({ DATA_DIR: tmpdir(), LOG_LEVEL: 'info', JWT_SECRET: 'x'.repeat(40) }));
    return { logger: pino(options, stream), lines: () => out.trim().split('\n') };
  }

  it('are written once per completed request with id, method, path and status, the level by status', () => {
    const { logger, lines } = configured();
    const hook = requestLogHook(logger);
    let completed = 0;
    const reply = (statusCode: number) => ({ statusCode, elapsedTime: 1.4 }) as never;
    hook({ id: 'r3', method: 'GET', url: '/api/v1/doctors?search=Smith' } as never, reply(200), () => completed++);
    hook({ id: 'r4', method: 'POST', url: '/api/v1/auth/login' } as never, reply(401), () => completed++);
    hook({ id: 'r5', method: 'GET', url: '/api/v1/health/ready' } as never, reply(200), () => completed++);
    expect(completed).toBe(3);
    const [ok, refused, ...rest] = lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rest).toEqual([]);
    expect(ok).toMatchObject({
      level: 30,
      reqId: 'r3',
      req: { id: 'r3', method: 'GET', url: '/api/v1/doctors' },
      res: { statusCode: 200 },
      msg: 'request completed',
    });
    expect(refused).toMatchObject({ level: 40, reqId: 'r4', res: { statusCode: 401 } });
    expect(JSON.stringify(ok)).not.toContain('Smith');
  });

  it('written while serving a request carry its id', () => {
    const { logger, lines } = configured();
    runWithRequestContext({ requestId: 'r6', ip: null, user: null }, () => logger.warn('inside'));
    logger.warn('outside');
    const [inside, outside] = lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(inside).toMatchObject({ reqId: 'r6', msg: 'inside' });
    expect(outside.reqId).toBeUndefined();
  });
});
