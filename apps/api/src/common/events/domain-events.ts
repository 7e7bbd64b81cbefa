import { Injectable, Logger } from '@nestjs/common';

/** Events the domain publishes after a change has committed. */
export interface DomainEventMap {
  'appointment.booked': { appointmentId: string; doctorId: string; patientId: string };
  'appointment.cancelled': { appointmentId: string; doctorId: string; patientId: string; by: string };
  'appointment.rescheduled': { appointmentId: string; doctorId: string; patientId: string; previousStartsAt: string };
  'appointment.completed': { appointmentId: string; doctorId: string; patientId: string };
  'appointment.checked_in': { appointmentId: string; doctorId: string; patientId: string };
  'appointment.no_show': { appointmentId: string; doctorId: string; patientId: string };
  'waitlist.offer_made': { offerId: string; doctorId: string; patientId: string };
  'waitlist.offer_resolved': { offerId: string; doctorId: string; patientId: string; outcome: string };
  'treatment.updated': { appointmentId: string; doctorId: string; patientId: string };
  'availability.changed': { doctorId: string };
  'doctor.changed': { doctorId: string; specializationIds: string[]; deactivated: boolean };
  'specialization.changed': { specializationId: string };
  'patient.changed': { patientId: string };
  'user.deactivated': { userId: string };
  /** An account email (password link, invitation) was recorded in the outbox. */
  'account.mail': { userId: string };
}
export type DomainEventName = keyof DomainEventMap;
type Handler<K extends DomainEventName> = (payload: DomainEventMap[K]) => Promise<void> | void;

/**
 * In-process publish/subscribe between modules. publish() awaits every
 * handler, so a cache invalidation is done before the response leaves. A
 * failing handler is logged and never undoes the committed change.
 */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger(DomainEvents.name);
  private readonly handlers = new Map<DomainEventName, Handler<DomainEventName>[]>();

  on<K extends DomainEventName>(name: K, handler: Handler<K>): void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler as Handler<DomainEventName>);
    this.handlers.set(name, list);
  }

  async publish<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): Promise<void> {
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
