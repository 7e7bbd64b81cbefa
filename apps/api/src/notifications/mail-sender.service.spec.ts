import type { MailerService } from '@nestjs-modules/mailer';
import type { AppConfig } from '../config/app-config';
import { MailSender, SendInFlightError, type OutgoingMail } from './mail-sender.service';
import type { NotificationLogRepository } from './notification-log.repository';

/** A map-backed notification log with the same claim rules as the SQL one (no lease expiry). */
class FakeLog {
  readonly states = new Map<string, string>();
  async claim(_kind: string, keys: string[]): Promise<Set<string>> {
    const claimed = new Set<string>();
    for (const key of keys) {
      const state = this.states.get(key);
      if (state === undefined || state === 'failed') {
        this.states.set(key, 'sending');
        claimed.add(key);
      }
    }
    return claimed;
  }
  async inFlight(keys: string[]): Promise<string[]> {
    return keys.filter((k) => this.states.get(k) === 'sending');
  }
  async markSent(keys: string[]): Promise<void> {
    for (const key of keys) this.states.set(key, 'sent');
  }
  async markFailed(key: string): Promise<void> {
    this.states.set(key, 'failed');
  }
}

const config = {
  publicUrl: 'https://clinic.example',
  mailFrom: 'Clinic <no-reply@clinic.example>',
  smtpUrl: 'smtp://127.0.0.1:2525',
  dataDir: '/tmp',
} as AppConfig;

const mail: OutgoingMail = { to: { name: 'P', address: 'p@x.test' }, subject: 's', html: '<p>h</p>', text: 't' };

function setup(sendMail: jest.Mock) {
  const log = new FakeLog();
  const sender = new MailSender(
    { sendMail } as unknown as MailerService,
    log as unknown as NotificationLogRepository,
    config,
  );
  return { log, sender };
}

describe('MailSender', () => {
  it('sends a key once and skips it afterwards', async () => {
    const sendMail = jest.fn().mockResolvedValue({});
    const { sender, log } = setup(sendMail);
    await expect(sender.sendOnce('reminder:a:2026-12-03', 'reminder', () => mail)).resolves.toBe('sent');
    await expect(sender.sendOnce('reminder:a:2026-12-03', 'reminder', () => mail)).resolves.toBe('skipped');
    expect(sendMail).toHaveBeenCalledTimes(1);
    expect(log.states.get('reminder:a:2026-12-03')).toBe('sent');
  });

  it('marks a failed send so that the retry sends it again', async () => {
    const sendMail = jest.fn().mockRejectedValueOnce(new Error('451 try later')).mockResolvedValue({});
    const { sender, log } = setup(sendMail);
    await expect(sender.sendOnce('k', 'reminder', () => mail)).rejects.toThrow('451');
    expect(log.states.get('k')).toBe('failed');
    await expect(sender.sendOnce('k', 'reminder', () => mail)).resolves.toBe('sent');
    expect(sendMail).toHaveBeenCalledTimes(2);
  });

  it('fails (so the job retries) while another attempt still holds the key', async () => {
    const sendMail = jest.fn().mockResolvedValue({});
    const { sender, log } = setup(sendMail);
    log.states.set('held', 'sending');
    await expect(sender.sendOnce('held', 'reminder', () => mail)).rejects.toBeInstanceOf(SendInFlightError);
    const outcome = await sender.sendMany(
      'reminder',
      ['held', 'free'],
      (k) => k,
      () => mail,
    );
    expect(outcome).toMatchObject({ sent: 1, skipped: 0, inFlight: 1 });
    expect(sendMail).toHaveBeenCalledTimes(1);
  });

  it('derives the same Message-ID from the same key', async () => {
    const sendMail = jest.fn().mockResolvedValue({});
    const { sender } = setup(sendMail);
    await sender.sendOnce('export:1', 'export', () => mail);
    const id = (sendMail.mock.calls[0][0] as { messageId: string }).messageId;
    expect(id).toMatch(/^<[0-9a-f]{32}@clinic\.example>$/);
    expect(sender.messageId('export:1')).toBe(id);
    expect(sender.messageId('export:2')).not.toBe(id);
  });

  it('sends a batch once per key, counting skips and failures', async () => {
    const sendMail = jest
      .fn()
      .mockImplementation(async (m: { to: { address: string } }) =>
        m.to.address === 'bad@x.test' ? Promise.reject(new Error('550')) : {},
      );
    const { sender, log } = setup(sendMail);
    log.states.set('b', 'sent');
    const items = ['a', 'b', 'c'];
    const outcome = await sender.sendMany(
      'reminder',
      items,
      (k) => k,
      (k) => ({
        ...mail,
        to: { name: k, address: k === 'c' ? 'bad@x.test' : `${k}@x.test` },
      }),
    );
    expect(outcome).toMatchObject({ sent: 1, skipped: 1, failed: 1 });
    expect(log.states.get('a')).toBe('sent');
    expect(log.states.get('c')).toBe('failed');
  });
});
