import { MailerModule } from '@nestjs-modules/mailer';
import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AccountMailService } from './account-mail.service';
import { AccountNoticesService } from './account-notices.service';
import { AppointmentNoticesService } from './appointment-notices.service';
import { MailSender } from './mail-sender.service';
import { NotificationLogRepository } from './notification-log.repository';
import { NotificationsRepository } from './notifications.repository';
import { OutboxRelayService } from './outbox-relay.service';
import { OutboxService } from './outbox.service';
import { OutboxWriter } from './outbox-writer.service';
import { RemindersRepository } from './reminders.repository';
import { RemindersService } from './reminders.service';

/** Pooled SMTP connections kept open to the relay, unless SMTP_URL says otherwise (`maxConnections=`). */
export const SMTP_POOL_CONNECTIONS = 8;
/** Messages sent over one pooled connection before it is replaced (`maxMessages=` in SMTP_URL overrides). */
export const SMTP_POOL_MAX_MESSAGES = 1_000;

/**
 * SMTP when SMTP_URL is set (and MAIL_TRANSPORT is smtp), pooled by default:
 * a reminder run sends over a few long-lived connections instead of one
 * connection per message. `pool=false` or other settings in SMTP_URL win.
 * Otherwise raw messages that MailSender writes as .eml files.
 */
export function mailTransport(config: AppConfig) {
  if (config.mailTransport === 'smtp' && config.smtpUrl) {
    const url = new URL(config.smtpUrl);
    const defaults: [string, string][] = [
      ['pool', 'true'],
      ['maxConnections', String(SMTP_POOL_CONNECTIONS)],
      ['maxMessages', String(SMTP_POOL_MAX_MESSAGES)],
    ];
    for (const [name, value] of defaults) if (!url.searchParams.has(name)) url.searchParams.set(name, value);
    return url.toString();
  }
  return { streamTransport: true as const, buffer: true, newline: 'windows' as const };
}

/**
 * Email: transport, templates, .ics, the notification log, the outbox (written
 * from recorded facts by OutboxWriter, relayed by OutboxRelayService),
 * reminders and confirmations.
 */
@Module({
  imports: [
    MailerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        transport: mailTransport(config),
        defaults: { from: config.mailFrom },
      }),
    }),
  ],
  providers: [
    MailSender,
    NotificationLogRepository,
    NotificationsRepository,
    AppointmentNoticesService,
    AccountMailService,
    AccountNoticesService,
    RemindersService,
    RemindersRepository,
    OutboxRelayService,
    OutboxService,
    OutboxWriter,
  ],
  exports: [MailSender, RemindersService, AppointmentNoticesService, OutboxRelayService, OutboxService],
})
export class NotificationsModule {}
