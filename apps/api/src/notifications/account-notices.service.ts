import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobQueue } from '../jobs/job-queue';
import { runsWorkers } from '../jobs/roles';
import { MailSender, SendOutcome } from './mail-sender.service';
import { NotificationsRepository } from './notifications.repository';
import type { AccountOutboxKind } from './outbox.service';
import { accountLockedMail, Branding } from './templates';

export const ACCOUNT_NOTICE_JOB = 'account-notice';

/** A relayed outbox message about an account (the user is the aggregate). */
export interface AccountNoticeData {
  kind: AccountOutboxKind;
  userId: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
}

/** Security notices to an account's owner (the mail queue's processor). */
@Injectable()
export class AccountNoticesService implements OnApplicationBootstrap {
  constructor(
    private readonly queue: JobQueue,
    private readonly sender: MailSender,
    private readonly repository: NotificationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config)) return;
    this.queue.process<AccountNoticeData, { outcome: SendOutcome }>(
      'mail',
      ACCOUNT_NOTICE_JOB,
      async (job) => ({ outcome: await this.send(job.data) }),
      2,
    );
  }

  /** Sends the owner's email once per dedupe key. */
  async send(data: AccountNoticeData): Promise<SendOutcome> {
    const brand: Branding = {
      clinicName: this.config.clinicName,
      publicUrl: this.config.publicUrl,
      timeZone: this.config.clinicTimezone,
    };
    return this.sender.sendOnce(data.dedupeKey, data.kind, async () => {
      const to = await this.repository.accountRecipient(data.userId);
      if (!to) return null;
      const until = typeof data.payload.until === 'string' ? new Date(data.payload.until) : new Date();
      const address = typeof data.payload.address === 'string' ? data.payload.address : 'unknown';
      return {
        ...accountLockedMail(brand, { recipientName: to.name, address, until }),
        to: { name: to.name, address: to.email },
      };
    });
  }
}
