import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobContext, JobQueue } from '../jobs/job-queue';
import { runsWorkers } from '../jobs/roles';
import { addressOf, buildAppointmentMail } from './appointment-mail';
import { mailRowOf, snapshotOf, type AppointmentNoticePayload, type AppointmentSnapshot } from './appointment-snapshot';
import {
  MailSender,
  mapLimit,
  SEND_CONCURRENCY,
  SEND_LEASE_MS,
  SendInFlightError,
  SendOutcome,
  type OutgoingMail,
} from './mail-sender.service';
import { NotificationLogRepository } from './notification-log.repository';
import { NotificationsRepository } from './notifications.repository';
import type { AppointmentOutboxKind } from './outbox.service';
import { DOCTOR_UNAVAILABLE } from '../scheduling/doctor-withdrawal.service';
import { waitlistOfferMail, type AppointmentNoticeKind, type Branding } from './templates';

/** One notice per job: what relays enqueued before notices travelled in batches (still processed). */
export const APPOINTMENT_NOTICE_JOB = 'appointment-notice';
/** The notices of one relayed outbox batch, in outbox order (see sendBatch). */
export const APPOINTMENT_NOTICES_JOB = 'appointment-notices';
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

export interface AppointmentNoticeBatch {
  notices: AppointmentNoticeData[];
}

/** What a batch did: notices sent, and notices found sent or superseded already. */
export interface NoticeBatchOutcome {
  sent: number;
  skipped: number;
}

/** A notice that carries the snapshot it renders. */
interface SnapshotNotice {
  data: AppointmentNoticeData;
  snapshot: AppointmentSnapshot;
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
    this.queue.process<AppointmentNoticeData, NoticeBatchOutcome>(
      'mail',
      APPOINTMENT_NOTICE_JOB,
      async (job: JobContext<AppointmentNoticeData>) => this.sendBatch([job.data]),
      4,
    );
    this.queue.process<AppointmentNoticeBatch, NoticeBatchOutcome>(
      'mail',
      APPOINTMENT_NOTICES_JOB,
      async (job: JobContext<AppointmentNoticeBatch>) => this.sendBatch(job.data.notices),
      4,
    );
  }

  /**
   * The notices of one relayed batch, in rounds: each round claims the
   * oldest waiting notice of each appointment together in one statement
   * (hms_claim_notice per notice, which still defers to an older notice of
   * the appointment held by another job), sends those claimed, and marks
   * them sent in one statement; an appointment's next notice waits for the
   * next round. Offers, and notices written before notices carried their
   * snapshot, go one at a time (send). A notice that could not be sent
   * fails the job after the others went out; the retry finds those sent and
   * sends only the rest.
   */
  async sendBatch(notices: readonly AppointmentNoticeData[]): Promise<NoticeBatchOutcome> {
    const outcome: NoticeBatchOutcome = { sent: 0, skipped: 0 };
    let pending: SnapshotNotice[] = [];
    for (const data of notices) {
      const snapshot = data.kind === 'waitlist.offered' ? null : snapshotOf(data.payload);
      if (snapshot) pending.push({ data, snapshot });
      else outcome[(await this.sendOne(data)) === 'sent' ? 'sent' : 'skipped'] += 1;
    }
    const failures: string[] = [];
    const inFlight: string[] = [];
    for (let round = 0; pending.length > 0; round += 1) {
      // One notice per appointment a round, its oldest: the others wait for it.
      const seen = new Set<string>();
      const now: SnapshotNotice[] = [];
      const later: SnapshotNotice[] = [];
      for (const notice of [...pending].sort((a, b) => a.snapshot.sequence - b.snapshot.sequence)) {
        if (seen.has(notice.data.appointmentId)) later.push(notice);
        else {
          seen.add(notice.data.appointmentId);
          now.push(notice);
        }
      }
      const verdicts = await this.log.claimMany(
        now.map(({ data, snapshot }) => ({
          kind: data.kind,
          key: data.dedupeKey,
          appointmentId: data.appointmentId,
          sequence: snapshot.sequence,
        })),
        SEND_LEASE_MS,
      );
      const claimed: SnapshotNotice[] = [];
      now.forEach((notice, i) => {
        const verdict = verdicts[i];
        if (verdict === 'claimed') claimed.push(notice);
        else if (verdict === 'older-in-flight') later.push(notice);
        else if (verdict === 'in-flight') inFlight.push(notice.data.dedupeKey);
        else outcome.skipped += 1;
      });
      const sentKeys: string[] = [];
      await mapLimit(claimed, SEND_CONCURRENCY, async (notice) => {
        const key = notice.data.dedupeKey;
        try {
          if (this.sender.sends) await this.sender.deliver(key, this.mailOf(notice));
          sentKeys.push(key);
        } catch (error) {
          failures.push((error as Error).message);
          await this.log.markFailed(key, (error as Error).message);
        }
      });
      await this.log.markSent(sentKeys);
      outcome.sent += sentKeys.length;
      pending = later;
      if (pending.length > 0 && round >= ORDER_WAIT_TRIES) {
        inFlight.push(...pending.map((n) => n.data.dedupeKey));
        break;
      }
      // An older notice held by another attempt: give it time. One sent in this round: look again at once.
      if (pending.length > 0 && claimed.length === 0)
        await new Promise((resolve) => setTimeout(resolve, ORDER_WAIT_MS));
    }
    if (failures.length > 0) {
      throw new Error(`${failures.length} of ${notices.length} notice(s) not sent: ${failures[0]}`);
    }
    if (inFlight.length > 0) throw new SendInFlightError(inFlight);
    return outcome;
  }

  /**
   * The email of a waitlist offer, or of a notice written before notices
   * carried their snapshot (rendered from the live row, as then), once per
   * dedupe key.
   */
  private async sendOne(data: AppointmentNoticeData): Promise<SendOutcome> {
    const brand = this.brand;
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

  private get brand(): Branding {
    return {
      clinicName: this.config.clinicName,
      publicUrl: this.config.publicUrl,
      timeZone: this.config.clinicTimezone,
    };
  }

  /** The email of a notice, rendered from its snapshot. */
  private mailOf({ data, snapshot }: SnapshotNotice): OutgoingMail {
    const payload = data.payload as unknown as AppointmentNoticePayload;
    return buildAppointmentMail(
      this.brand,
      noticeKind(data.kind as Exclude<AppointmentOutboxKind, 'waitlist.offered'>),
      mailRowOf(snapshot),
      addressOf(this.config.mailFrom),
      {
        doctorUnavailable: snapshot.cancellationReason === DOCTOR_UNAVAILABLE,
        cancelledBy: snapshot.cancelledBy ?? undefined,
        actedBy: payload.by,
        cancelReason: snapshot.cancellationReason === DOCTOR_UNAVAILABLE ? null : snapshot.cancellationReason,
      },
    );
  }
}
