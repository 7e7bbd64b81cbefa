import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { RefreshTokenEntity } from './entities/refresh-token.entity';

@Injectable()
export class RefreshTokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em: EntityManager = this.dataSource.manager) {
    return em.getRepository(RefreshTokenEntity);
  }

  async insert(
    row: Pick<RefreshTokenEntity, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'>,
    em?: EntityManager,
  ): Promise<void> {
    await this.repo(em).insert(row);
  }

  async findByHash(tokenHash: string, em?: EntityManager): Promise<RefreshTokenEntity | null> {
    return this.repo(em).findOneBy({ tokenHash });
  }

  /** Marks a token as exchanged; false when another request exchanged or revoked it first. */
  async claimForRotation(id: string, em?: EntityManager): Promise<boolean> {
    const result = await this.repo(em).update(
      { id, replacedAt: IsNull(), revokedAt: IsNull() },
      { replacedAt: new Date() },
    );
    return (result.affected ?? 0) === 1;
  }
}
