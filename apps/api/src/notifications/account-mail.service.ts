import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { deriveAccountToken } from '../auth/token.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobContext, JobQueue } from '../jobs/job-queue';
import { runsWorkers } from '../jobs/roles';
import { MailSender, SendOutcome } from './mail-sender.service';
import type { OutboxKind } from './outbox.service';
import { Branding, passwordLinkMail } from './templates';

export const ACCOUNT_MAIL_JOB = 'account-mail';

/** A relayed outbox message about an account: a reset link or an invitation. */
export interface AccountMailData {
  kind: OutboxKind;
  tokenId: string;
  dedupeKey: string;
}

interface LinkRow {
  purpose: 'reset' | 'invite';
  expires_at: Date;
  used_at: Date | null;
  email: string;
  active: boolean;
  full_name: string | null;
}

/**
 * Password-link emails (the mail queue's processor for account messages).
 * The link's secret is derived again from its id here, never stored; a link
 * that was used or has expired by the time the job runs is not sent.
 */
@Injectable()
export class AccountMailService implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly sender: MailSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config)) return;
    this.queue.process<AccountMailData, { outcome: SendOutcome }>(
      'mail',
      ACCOUNT_MAIL_JOB,
      async (job: JobContext<AccountMailData>) => ({ outcome: await this.send(job.data) }),
      2,
    );
  }

  async send(data: AccountMailData): Promise<SendOutcome> {
    const brand: Branding = {
      clinicName: this.config.clinicName,
      publicUrl: this.config.publicUrl,
      timeZone: this.config.clinicTimezone,
    };
    return this.sender.sendOnce(data.dedupeKey, data.kind, async () => {
      const rows: LinkRow[] = await this.dataSource.query(
        `SELECT t.purpose, t.expires_at, t.used_at, u.email, u.active,
                COALESCE(d.full_name, p.full_name, s.full_name) AS full_name
         FROM password_tokens t
         JOIN users u ON u.id = t.user_id
         LEFT JOIN doctors d ON d.user_id = u.id
         LEFT JOIN patients p ON p.user_id = u.id
         LEFT JOIN staff_members s ON s.user_id = u.id
         WHERE t.id = $1`,
        [data.tokenId],
      );
      const row = rows[0];
      if (!row || row.used_at || !row.active || new Date(row.expires_at).getTime() <= Date.now()) return null;
      const token = deriveAccountToken(this.config.jwtSecret, data.tokenId);
      const page = row.purpose === 'reset' ? 'reset-password' : 'accept-invite';
      const link = `${this.config.publicUrl}/${page}?token=${encodeURIComponent(token)}`;
      const name = row.full_name ?? row.email;
      const mail = passwordLinkMail(brand, row.purpose, {
        recipientName: name,
        link,
        expiresAt: new Date(row.expires_at),
        email: row.email,
      });
      return { ...mail, to: { name, address: row.email } };
    });
  }
}
