import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** One appointment a doctor's withdrawal cancelled (the patient is told through the outbox). */
export interface WithdrawnAppointmentRef {
  appointmentId: string;
  patientId: string;
}

/** Facts the domain records in a unit of work; listeners see them after the commit. */
export interface DomainEventMap {
  /** `by` is set when the front desk booked for the patient. */
  'appointment.booked': { appointmentId: string; doctorId: string; patientId: string; by?: 'desk' };
  'appointment.cancelled': { appointmentId: string; doctorId: string; patientId: string };
  /** `by` is set when the front desk moved the visit. */
  'appointment.rescheduled': {
    appointmentId: string;
    doctorId: string;
    patientId: string;
    previousStartsAt: string;
    by?: 'desk';
  };
  'appointment.completed': { appointmentId: string; doctorId: string; patientId: string };
  'appointment.checked_in': { appointmentId: string; doctorId: string; patientId: string };
  'appointment.no_show': { appointmentId: string; doctorId: string; patientId: string };
  'waitlist.offer_made': { offerId: string; doctorId: string; patientId: string };
  'waitlist.offer_resolved': { offerId: string; doctorId: string; patientId: string };
  'treatment.updated': { appointmentId: string; doctorId: string; patientId: string };
  'availability.changed': { doctorId: string };
  /**
   * A doctor's profile or status changed. A deactivation or removal states the
   * appointments it cancelled here, once for the whole fact.
   */
  'doctor.changed': {
    doctorId: string;
    specializationIds: string[];
    deactivated: boolean;
    withdrawn?: WithdrawnAppointmentRef[];
  };
  'specialization.changed': { specializationId: string };
  'patient.changed': { patientId: string };
  'user.deactivated': { userId: string };
  /** An account email (password link, invitation) was recorded in the outbox. */
  'account.mail': { userId: string };
  /**
   * Sign-ins to an account from `address` are paused until `until`; `window`
   * numbers the lockout window, so its owner is emailed once per window.
   */
  'account.locked': { userId: string; address: string; until: string; window: number };
}
export type DomainEventName = keyof DomainEventMap;
type Handler<K extends DomainEventName> = (payload: DomainEventMap[K]) => Promise<void> | void;
type InTransactionHandler<K extends DomainEventName> = (
  em: EntityManager,
  payload: DomainEventMap[K],
) => Promise<void> | void;

/** An event recorded in a unit of work, waiting for its transaction to end. */
export interface RecordedEvent<K extends DomainEventName = DomainEventName> {
  name: K;
  payload: DomainEventMap[K];
}

/**
 * What each fact invalidates or sets off: the one place to read it (keep it
 * in step with the `on(...)` and `beforeCommit(...)` calls).
 * "tx" marks a handler that runs inside the writing transaction (the outbox);
 * the others run after the commit. `OutboxRelayService.kick` relays in
 * worker (and `all`) processes; other processes wake the workers by a Redis
 * publish instead.
 */
export const EVENT_LISTENERS: Readonly<Record<DomainEventName, readonly string[]>> = {
  'appointment.booked': [
    'tx: OutboxWriter (booking notice, snapshot) for bookings in a unit of work (waitlist, reassignment); BookingService.book writes it in its own statement (BookingStatement) and publishes after the commit',
    'OutboxRelayService.kick',
    'DashboardsService (doctor + patient)',
    'AdminDashboardService',
    'NextFreeService',
  ],
  'appointment.cancelled': [
    'tx: OutboxWriter (cancellation notice, snapshot)',
    'OutboxRelayService.kick',
    'DashboardsService (doctor + patient)',
    'AdminDashboardService',
    'NextFreeService',
    'WaitlistService.fill (the freed slot)',
  ],
  'appointment.rescheduled': [
    'tx: OutboxWriter (reschedule notice, snapshot)',
    'OutboxRelayService.kick',
    'DashboardsService (doctor + patient)',
    'AdminDashboardService',
    'NextFreeService',
    'WaitlistService.fill (the freed slot)',
  ],
  'appointment.completed': ['DashboardsService (doctor + patient)', 'AdminDashboardService'],
  'appointment.checked_in': ['DashboardsService (doctor + patient)', 'AdminDashboardService'],
  'appointment.no_show': ['DashboardsService (doctor + patient)', 'AdminDashboardService'],
  'waitlist.offer_made': [
    'tx: OutboxWriter (offer email)',
    'OutboxRelayService.kick',
    'AdminDashboardService',
    'NextFreeService',
  ],
  'waitlist.offer_resolved': ['AdminDashboardService', 'NextFreeService'],
  'treatment.updated': ['DashboardsService (doctor + patient)'],
  'availability.changed': ['WaitlistService.revalidate', 'SlotRulesCache', 'NextFreeService'],
  'doctor.changed': [
    'tx: OutboxWriter (one cancellation notice per withdrawn appointment)',
    'OutboxRelayService.kick (when withdrawn)',
    'DashboardsService (specializations; doctor + patients when withdrawn)',
    'AdminDashboardService',
    'SpecializationsService',
    'PatientDirectoryService',
    'SlotRulesCache',
    'NextFreeService',
  ],
  'specialization.changed': ['DashboardsService (specializations)', 'AdminDashboardService', 'SpecializationsService'],
  'patient.changed': ['AdminDashboardService'],
  'user.deactivated': ['AuthModule (revoke sessions)', 'UserStatusService', 'DashboardsService (specializations)'],
  'account.mail': ['OutboxRelayService.kick'],
  'account.locked': ['tx: OutboxWriter (lockout notice; the relay loop sends it)'],
};

/**
 * In-process publish/subscribe between modules. Facts are recorded in a unit
 * of work (see UnitOfWork): `beforeCommit` handlers run inside the writing
 * transaction (the outbox), `on` handlers after the commit. After-commit
 * handlers are awaited, so a cache invalidation is done before the response
 * leaves; a failing one is logged and never undoes the committed change.
 */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger(DomainEvents.name);
  private readonly handlers = new Map<DomainEventName, Handler<DomainEventName>[]>();
  private readonly inTransaction = new Map<DomainEventName, InTransactionHandler<DomainEventName>[]>();

  /** Subscribes to a fact after its transaction committed. */
  on<K extends DomainEventName>(name: K, handler: Handler<K>): void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler as Handler<DomainEventName>);
    this.handlers.set(name, list);
  }

  /** Subscribes inside the writing transaction (a failure rolls the change back). */
  beforeCommit<K extends DomainEventName>(name: K, handler: InTransactionHandler<K>): void {
    const list = this.inTransaction.get(name) ?? [];
    list.push(handler as InTransactionHandler<DomainEventName>);
    this.inTransaction.set(name, list);
  }

  /** Runs the in-transaction handlers of the recorded events, in order (the unit of work calls this). */
  async flush(em: EntityManager, events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      for (const handler of this.inTransaction.get(event.name) ?? []) await handler(em, event.payload);
    }
  }

  /**
   * Runs the after-commit handlers of the recorded events. Only the unit of
   * work calls this (and `flush`), once its transaction committed: a write
   * site records its facts with `unit.run` + `tx.record`, never tells
   * listeners itself.
   */
  async dispatch(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) await this.publish(event.name, event.payload);
  }

  private async publish<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): Promise<void> {
    const list = this.handlers.get(name) ?? [];
    await Promise.all(
      list.map(async (handler) => {
        try {
          await handler(payload);
        } catch (error) {
          this.logger.error({ err: error, event: name }, 'Event handler failed');
        }
      }),
    );
  }
}
