import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import { PasswordTokenEntity, type PasswordTokenPurpose } from './entities/password-token.entity';

@Injectable()
export class PasswordTokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em: EntityManager = this.dataSource.manager) {
    return em.getRepository(PasswordTokenEntity);
  }

  async insert(
    row: { id: string; userId: string; purpose: PasswordTokenPurpose; tokenHash: string; expiresAt: Date },
    em?: EntityManager,
  ): Promise<void> {
    await this.repo(em).insert(row);
  }

  findById(id: string, em?: EntityManager): Promise<PasswordTokenEntity | null> {
    return this.repo(em).findOneBy({ id });
  }

  /** The token by its hash, locked for the transaction that uses it. */
  lockByHash(tokenHash: string, em: EntityManager): Promise<PasswordTokenEntity | null> {
    return em.getRepository(PasswordTokenEntity).findOne({ where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
  }

  /** Whether an unused link of this purpose was issued to the user after `since`. */
  async issuedSince(userId: string, purpose: PasswordTokenPurpose, since: Date): Promise<boolean> {
    return this.repo().exists({ where: { userId, purpose, usedAt: IsNull(), createdAt: MoreThan(since) } });
  }

  /** Marks every unused link of the user as used: a set password makes the others worthless. */
  async useAllOfUser(userId: string, em: EntityManager): Promise<void> {
    await em.getRepository(PasswordTokenEntity).update({ userId, usedAt: IsNull() }, { usedAt: new Date() });
  }
}
