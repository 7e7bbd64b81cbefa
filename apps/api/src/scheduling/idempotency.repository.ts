import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';

/** Idempotency keys of booking requests (the booking statement claims them in its own SQL: BookingStatement). */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The key's row, as committed. */
  async find(patientId: string, key: string): Promise<IdempotencyKeyEntity | null> {
    return this.dataSource.getRepository(IdempotencyKeyEntity).findOneBy({ patientId, key });
  }
}
