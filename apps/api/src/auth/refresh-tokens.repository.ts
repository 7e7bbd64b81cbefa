import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { RefreshTokenEntity } from './entities/refresh-token.entity';

@Injectable()
export class RefreshTokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(RefreshTokenEntity);
  }

  async insert(row: Pick<RefreshTokenEntity, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'>): Promise<void> {
    await this.repo.insert(row);
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.repo.findOneBy({ tokenHash });
  }

  /** Marks a token as exchanged; false when another request exchanged or revoked it first. */
  async claimForRotation(id: string): Promise<boolean> {
    const result = await this.repo.update(
      { id, replacedAt: IsNull(), revokedAt: IsNull() },
      { replacedAt: new Date() },
    );
    return (result.affected ?? 0) === 1;
  }

  async revoke(id: string): Promise<void> {
    await this.repo.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.repo.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAllOfUser(userId: string): Promise<void> {
    await this.repo.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
