import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxService } from '../notifications/outbox.service';
import type { PasswordTokenPurpose } from './entities/password-token.entity';
import { PasswordTokensRepository } from './password-tokens.repository';
import { hashToken, TokenService } from './token.service';

/** How long an emailed password link works. */
export const PASSWORD_LINK_TTL_MS: Record<PasswordTokenPurpose, number> = {
  reset: 30 * 60_000,
  invite: 72 * 3600_000,
};

/** Issues emailed set-password links: reset and invitation. */
@Injectable()
export class PasswordLinkIssuer {
  constructor(
    private readonly links: PasswordTokensRepository,
    private readonly tokens: TokenService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Creates a set-password link inside the caller's transaction and records
   * its email in the outbox; the mail job writes the link.
   */
  async issue(userId: string, purpose: PasswordTokenPurpose, em: EntityManager): Promise<void> {
    const id = randomUUID();
    await this.links.insert(
      {
        id,
        userId,
        purpose,
        tokenHash: hashToken(this.tokens.accountToken(id)),
        expiresAt: new Date(Date.now() + PASSWORD_LINK_TTL_MS[purpose]),
      },
      em,
    );
    const kind = purpose === 'reset' ? 'account.password_reset' : 'account.invitation';
    await this.outbox.record(em, { kind, aggregateId: id, dedupeKey: `${kind}:${id}` });
  }
}
