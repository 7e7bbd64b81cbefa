import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEvents } from '../common/events/domain-events';
import { readSnapshots, type AppointmentNoticePayload } from './appointment-snapshot';
import { OutboxService, type AppointmentOutboxKind } from './outbox.service';

type NoticeKind = Exclude<AppointmentOutboxKind, 'waitlist.offered'>;

/** The dedupe key (and mail job id) of an appointment notice: one per kind, appointment and sequence. */
export function noticeKey(kind: NoticeKind, appointmentId: string, sequence: number): string {
  return `${kind}:${appointmentId}:${sequence}`;
}

/**
 * Turns recorded facts that need an email into outbox rows, inside the
 * writing transaction. Appointment notices carry a snapshot of the
 * appointment read in that transaction (see AppointmentSnapshot), and their
 * key carries the snapshot's sequence.
 */
@Injectable()
export class OutboxWriter implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.events.beforeCommit('appointment.booked', (em, e) =>
      this.notice(em, 'appointment.booked', [e.appointmentId], e.by ? { by: e.by } : {}),
    );
    this.events.beforeCommit('appointment.rescheduled', (em, e) =>
      this.notice(em, 'appointment.rescheduled', [e.appointmentId], {
        previousStartsAt: e.previousStartsAt,
        ...(e.by ? { by: e.by } : {}),
      }),
    );
    this.events.beforeCommit('appointment.cancelled', (em, e) =>
      this.notice(em, 'appointment.cancelled', [e.appointmentId], {}),
    );
    this.events.beforeCommit('doctor.changed', (em, e) =>
      this.notice(
        em,
        'appointment.cancelled',
        (e.withdrawn ?? []).map((w) => w.appointmentId),
        {},
      ),
    );
    this.events.beforeCommit('account.locked', (em, e) =>
      this.outbox.record(em, {
        kind: 'account.locked',
        aggregateId: e.userId,
        dedupeKey: `account.locked:${e.userId}:${e.window}`,
        payload: { address: e.address, until: e.until },
      }),
    );
    this.events.beforeCommit('waitlist.offer_made', (em, e) =>
      this.outbox.record(em, {
        kind: 'waitlist.offered',
        aggregateId: e.offerId,
        dedupeKey: `waitlist.offered:${e.offerId}`,
      }),
    );
  }

  private async notice(
    em: EntityManager,
    kind: NoticeKind,
    appointmentIds: string[],
    extra: Omit<AppointmentNoticePayload, 'snapshot'>,
  ): Promise<void> {
    const snapshots = await readSnapshots(em, appointmentIds);
    for (const id of appointmentIds) {
      const snapshot = snapshots.get(id);
      if (!snapshot) throw new Error(`No appointment ${id} to snapshot for '${kind}'`);
      const payload: AppointmentNoticePayload = { snapshot, ...extra };
      await this.outbox.record(em, {
        kind,
        aggregateId: id,
        dedupeKey: noticeKey(kind, id, snapshot.sequence),
        payload: payload as unknown as Record<string, unknown>,
      });
    }
  }
}
