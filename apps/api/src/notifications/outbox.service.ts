import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The channel on which a committed outbox message wakes the relay (NOTIFY is delivered at commit). */
export const OUTBOX_CHANNEL = 'hms_outbox';

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

/**
 * Records messages inside the caller's transaction; the relay sends them after
 * commit. The same statement wakes the relay (NOTIFY, delivered at commit).
 */
@Injectable()
export class OutboxService {
  async record(em: EntityManager, entry: OutboxEntry): Promise<void> {
    await em.query(
      `WITH m AS (
         INSERT INTO outbox_messages (kind, aggregate_id, dedupe_key, payload) VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT DO NOTHING RETURNING id)
       SELECT count(pg_notify('${OUTBOX_CHANNEL}', '')) AS woken FROM m`,
      [entry.kind, entry.aggregateId, entry.dedupeKey, JSON.stringify(entry.payload ?? {})],
    );
  }
}
