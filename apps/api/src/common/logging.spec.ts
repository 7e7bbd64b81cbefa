import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS } from './logging';

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
});
