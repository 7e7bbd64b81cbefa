import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobContext, JobQueue } from '../jobs/job-queue';
import { runsWorkers } from '../jobs/roles';
import { addressOf, buildAppointmentMail } from './appointment-mail';
import { mailRowOf, snapshotOf, type AppointmentNoticePayload } from './appointment-snapshot';
import { MailSender, SEND_LEASE_MS, SendInFlightError, SendOutcome } from './mail-sender.service';
import { NotificationLogRepository } from './notification-log.repository';
import { NotificationsRepository } from './notifications.repository';
import type { AppointmentOutboxKind } from './outbox.service';
import { DOCTOR_UNAVAILABLE } from '../scheduling/doctor-withdrawal.service';
import { waitlistOfferMail, type AppointmentNoticeKind, type Branding } from './templates';

export const APPOINTMENT_NOTICE_JOB = 'appointment-notice';
/** How often, and how long apart, a notice looks again while an older one of its appointment is being sent. */
const ORDER_WAIT_TRIES = 50;
const ORDER_WAIT_MS = 100;

/** A relayed outbox message: booked, rescheduled or cancelled. */
export interface AppointmentNoticeData {
  kind: AppointmentOutboxKind;
  appointmentId: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
}

function noticeKind(kind: Exclude<AppointmentOutboxKind, 'waitlist.offered'>): AppointmentNoticeKind {
  switch (kind) {
    case 'appointment.booked':
      return 'booked';
    case 'appointment.rescheduled':
      return 'rescheduled';
    case 'appointment.cancelled':
      return 'cancelled';
    default:
      throw new Error(`Not an appointment message: ${kind}`);
  }
}

/** Booking, reschedule and cancellation confirmations (the mail queue's processor). */
@Injectable()
export class AppointmentNoticesService implements OnApplicationBootstrap {
  constructor(
    private readonly queue: JobQueue,
    private readonly sender: MailSender,
    private readonly repository: NotificationsRepository,
    private readonly log: NotificationLogRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config)) return;
    this.queue.process<AppointmentNoticeData, { outcome: SendOutcome }>(
      'mail',
      APPOINTMENT_NOTICE_JOB,
      async (job: JobContext<AppointmentNoticeData>) => ({ outcome: await this.send(job.data) }),
      4,
    );
  }

  /** Sends the patient's email for one outbox message, once per dedupe key (`<kind>:<appointmentId>:<sequence>`). */
  async send(data: AppointmentNoticeData): Promise<SendOutcome> {
    const brand: Branding = {
      clinicName: this.config.clinicName,
      publicUrl: this.config.publicUrl,
      timeZone: this.config.clinicTimezone,
    };
    const kind = data.kind;
    if (kind === 'waitlist.offered') {
      // The offer's id travels as the aggregate id.
      return this.sender.sendOnce(data.dedupeKey, kind, async () => {
        const offer = await this.repository.waitlistOffer(data.appointmentId);
        if (!offer || offer.status !== 'open') return null;
        return {
          ...waitlistOfferMail(brand, offer),
          to: { name: offer.patientName, address: offer.patientEmail },
        };
      });
    }
    const snapshot = snapshotOf(data.payload);
    if (!snapshot) {
      // Written before notices carried their snapshot: the live row, as then.
      return this.sender.sendOnce(data.dedupeKey, kind, async () => {
        const appointment = await this.repository.appointment(data.appointmentId);
        if (!appointment) return null;
        return buildAppointmentMail(brand, noticeKind(kind), appointment, addressOf(this.config.mailFrom), {
          doctorUnavailable: data.payload.reason === 'doctor_unavailable',
          cancelledBy: typeof data.payload.by === 'string' ? data.payload.by : undefined,
          actedBy: typeof data.payload.by === 'string' ? data.payload.by : undefined,
        });
      });
    }
    const payload = data.payload as unknown as AppointmentNoticePayload;
    // Built only once claimed, and only when the transport sends it.
    const mail = () =>
      buildAppointmentMail(brand, noticeKind(kind), mailRowOf(snapshot), addressOf(this.config.mailFrom), {
        doctorUnavailable: snapshot.cancellationReason === DOCTOR_UNAVAILABLE,
        cancelledBy: snapshot.cancelledBy ?? undefined,
        actedBy: payload.by,
        cancelReason: snapshot.cancellationReason === DOCTOR_UNAVAILABLE ? null : snapshot.cancellationReason,
      });
    // In sequence order per appointment: an older notice never goes out after a newer one.
    for (let attempt = 0; ; attempt += 1) {
      const verdict = await this.log.claimInOrder(
        kind,
        data.dedupeKey,
        data.appointmentId,
        snapshot.sequence,
        SEND_LEASE_MS,
      );
      if (verdict === 'claimed') break;
      if (verdict === 'sent' || verdict === 'superseded') return 'skipped';
      if (verdict === 'in-flight' || attempt >= ORDER_WAIT_TRIES) throw new SendInFlightError([data.dedupeKey]);
      await new Promise((resolve) => setTimeout(resolve, ORDER_WAIT_MS));
    }
    try {
      if (this.sender.sends) await this.sender.deliver(data.dedupeKey, mail());
    } catch (error) {
      await this.log.markFailed(data.dedupeKey, (error as Error).message);
      throw error;
    }
    await this.log.markSent([data.dedupeKey]);
    return 'sent';
  }
}
