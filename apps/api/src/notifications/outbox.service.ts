import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxMessageEntity } from './entities/outbox-message.entity';

/** Appointment notices (`aggregateId` is the appointment) and waitlist offers (`aggregateId` is the offer). */
export type AppointmentOutboxKind =
  'appointment.booked' | 'appointment.cancelled' | 'appointment.rescheduled' | 'waitlist.offered';
/** Account messages. Password links: `aggregateId` is the link's token id; notices: `aggregateId` is the user. */
export type PasswordLinkOutboxKind = 'account.password_reset' | 'account.invitation';
export type AccountOutboxKind = 'account.locked';
export type OutboxKind = AppointmentOutboxKind | PasswordLinkOutboxKind | AccountOutboxKind;

export interface OutboxEntry {
  kind: OutboxKind;
  aggregateId: string;
  /** Unique per change, e.g. `appointment.booked:<id>:<sequence>`. */
  dedupeKey: string;
  payload?: Record<string, unknown>;
}

/** Records messages inside the caller's transaction; the relay sends them after commit. */
@Injectable()
export class OutboxService {
  async record(em: EntityManager, entry: OutboxEntry): Promise<void> {
    await em
      .createQueryBuilder()
      .insert()
      .into(OutboxMessageEntity)
      .values({
        kind: entry.kind,
        aggregateId: entry.aggregateId,
        dedupeKey: entry.dedupeKey,
        payload: (entry.payload ?? {}) as never,
      })
      .orIgnore()
      .execute();
  }
}
