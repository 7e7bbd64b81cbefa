import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, MoreThan, Not } from 'typeorm';
import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { SessionEntity } from './entities/session.entity';

export interface NewSession {
  id: string;
  userId: string;
  expiresAt: Date;
  userAgent: string;
  ip: string;
}

/** Sessions (one per sign-in) and the revocation of their refresh tokens. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em: EntityManager = this.dataSource.manager) {
    return em.getRepository(SessionEntity);
  }

  async insert(session: NewSession, em?: EntityManager): Promise<SessionEntity> {
    const now = new Date();
    const row = this.repo(em).create({ ...session, createdAt: now, lastUsedAt: now, revokedAt: null });
    await this.repo(em).insert(row);
    return row;
  }

  findById(id: string, em?: EntityManager): Promise<SessionEntity | null> {
    return this.repo(em).findOneBy({ id });
  }

  /** Locks the session row for a rotation (FOR UPDATE), so two refreshes of one session run one after the other. */
  lock(id: string, em: EntityManager): Promise<SessionEntity | null> {
    return em.getRepository(SessionEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async touch(id: string, ip: string, em: EntityManager): Promise<void> {
    await em.getRepository(SessionEntity).update({ id }, { lastUsedAt: new Date(), ip });
  }

  /** Sessions neither revoked, past their absolute end, nor idle since `idleSince`; most recently used first. */
  live(userId: string, idleSince: Date): Promise<SessionEntity[]> {
    return this.repo().find({
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()), lastUsedAt: MoreThan(idleSince) },
      order: { lastUsedAt: 'DESC' },
    });
  }

  /** Whether the session may still be used by access tokens issued for it (not revoked, not expired). */
  async isOpen(id: string): Promise<boolean> {
    const row = await this.repo().findOne({ where: { id }, select: { id: true, revokedAt: true, expiresAt: true } });
    return !!row && row.revokedAt === null && row.expiresAt.getTime() > Date.now();
  }

  /** Ends one session and its refresh tokens. */
  /** Ends the session; true when it was still open (false: already ended or unknown). */
  async revoke(id: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    const now = new Date();
    const ended = await em.getRepository(SessionEntity).update({ id, revokedAt: IsNull() }, { revokedAt: now });
    await em.getRepository(RefreshTokenEntity).update({ familyId: id, revokedAt: IsNull() }, { revokedAt: now });
    return (ended.affected ?? 0) > 0;
  }

  /** Ends every session of the user, but `keep` when given; returns the ended session ids. */
  async revokeAllOfUser(userId: string, keep: string | null = null, em: EntityManager = this.dataSource.manager) {
    const now = new Date();
    const where = keep ? { userId, revokedAt: IsNull(), id: Not(keep) } : { userId, revokedAt: IsNull() };
    const ended = await em.getRepository(SessionEntity).find({ where, select: { id: true } });
    const ids = ended.map((s) => s.id);
    if (ids.length > 0) {
      await em
        .createQueryBuilder()
        .update(SessionEntity)
        .set({ revokedAt: now })
        .where('id IN (:...ids)', { ids })
        .execute();
    }
    // Tokens too (also those of families from before sessions were recorded).
    const tokens = em
      .createQueryBuilder()
      .update(RefreshTokenEntity)
      .set({ revokedAt: now })
      .where('user_id = :userId AND revoked_at IS NULL', { userId });
    if (keep) tokens.andWhere('family_id <> :keep', { keep });
    await tokens.execute();
    return ids;
  }
}
