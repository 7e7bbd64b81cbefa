import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobContext, JobQueue } from '../jobs/job-queue';
import { runsWorkers } from '../jobs/roles';
import { addressOf, buildAppointmentMail } from './appointment-mail';
import { MailSender, SendOutcome } from './mail-sender.service';
import { NotificationsRepository } from './notifications.repository';
import type { AppointmentOutboxKind } from './outbox.service';
import { waitlistOfferMail, type AppointmentNoticeKind, type Branding } from './templates';

export const APPOINTMENT_NOTICE_JOB = 'appointment-notice';

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
    return this.sender.sendOnce(data.dedupeKey, kind, async () => {
      const appointment = await this.repository.appointment(data.appointmentId);
      if (!appointment) return null;
      return buildAppointmentMail(brand, noticeKind(kind), appointment, addressOf(this.config.mailFrom), {
        doctorUnavailable: data.payload.reason === 'doctor_unavailable',
        cancelledBy: typeof data.payload.by === 'string' ? data.payload.by : undefined,
        actedBy: typeof data.payload.by === 'string' ? data.payload.by : undefined,
        cancelReason:
          typeof data.payload.reason === 'string' && data.payload.reason !== 'doctor_unavailable'
            ? data.payload.reason
            : null,
      });
    });
  }
}
