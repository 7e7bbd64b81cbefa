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

/** SMTP when SMTP_URL is set (and MAIL_TRANSPORT is smtp); otherwise raw messages that MailSender writes as .eml files. */
export function mailTransport(config: AppConfig) {
  if (config.mailTransport === 'smtp' && config.smtpUrl) return config.smtpUrl;
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
