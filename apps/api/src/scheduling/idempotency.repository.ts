import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';

/** Idempotency keys of booking requests (the booking statement claims them in its own SQL). */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims (patientId, key) for this transaction. False when the key already
   * exists; a concurrent claim of the same key waits here until the other
   * transaction ends.
   */
  async claim(em: EntityManager, patientId: string, key: string, requestHash: string): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .insert()
      .into(IdempotencyKeyEntity)
      .values({ patientId, key, requestHash, statusCode: 0, responseBody: null })
      .orIgnore()
      .returning(['key'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** The key's row; `em` null reads outside any transaction. */
  async find(em: EntityManager | null, patientId: string, key: string): Promise<IdempotencyKeyEntity | null> {
    return (em ?? this.dataSource.manager).getRepository(IdempotencyKeyEntity).findOneBy({ patientId, key });
  }

  async complete(
    em: EntityManager,
    patientId: string,
    key: string,
    statusCode: number,
    responseBody: Record<string, unknown>,
  ): Promise<void> {
    await em
      .getRepository(IdempotencyKeyEntity)
      .update({ patientId, key }, { statusCode, responseBody: responseBody as never });
  }
}
