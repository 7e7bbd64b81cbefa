import type { AppConfig } from '../config/app-config';
import { mailTransport, SMTP_POOL_CONNECTIONS, SMTP_POOL_MAX_MESSAGES } from './notifications.module';

const config = (smtpUrl: string | null, transport: AppConfig['mailTransport'] = 'smtp') =>
  ({ smtpUrl, mailTransport: transport }) as AppConfig;

describe('mailTransport', () => {
  it('pools SMTP connections by default', () => {
    const url = new URL(mailTransport(config('smtp://user:pass@mail.example:587')) as string);
    expect(url.searchParams.get('pool')).toBe('true');
    expect(url.searchParams.get('maxConnections')).toBe(String(SMTP_POOL_CONNECTIONS));
    expect(url.searchParams.get('maxMessages')).toBe(String(SMTP_POOL_MAX_MESSAGES));
    expect(`${url.username}:${url.password}@${url.host}`).toBe('user:pass@mail.example:587');
  });

  it('keeps what SMTP_URL says', () => {
    const url = new URL(mailTransport(config('smtp://mail.example:25/?pool=false&maxMessages=5')) as string);
    expect(url.searchParams.get('pool')).toBe('false');
    expect(url.searchParams.get('maxMessages')).toBe('5');
  });

  it('writes raw messages when there is no SMTP', () => {
    expect(mailTransport(config(null, 'file'))).toMatchObject({ streamTransport: true });
  });
});
