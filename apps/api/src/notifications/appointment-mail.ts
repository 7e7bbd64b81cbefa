import { buildIcs, type IcsMethod } from './ics';
import type { MailAttachment, OutgoingMail } from './mail-sender.service';
import type { AppointmentMailRow } from './notifications.repository';
import { appointmentMail, type AppointmentMailExtra, type AppointmentNoticeKind, type Branding } from './templates';

/** What a patient's appointment email and its invitation are written from. */
export type AppointmentMailFields = Omit<AppointmentMailRow, 'status' | 'doctorEmail'>;

/** Stable calendar UID of an appointment: every update and the cancellation replace the same event. */
export function appointmentUid(appointmentId: string, publicUrl: string): string {
  return `${appointmentId}@${hostOf(publicUrl)}`;
}

const hosts = new Map<string, string>();
function hostOf(publicUrl: string): string {
  let host = hosts.get(publicUrl);
  if (host === undefined) {
    host = new URL(publicUrl).hostname || 'clinic.local';
    hosts.set(publicUrl, host);
  }
  return host;
}

export function appointmentIcs(
  brand: Branding,
  a: AppointmentMailFields,
  method: IcsMethod,
  organizerEmail: string,
  now = new Date(),
): MailAttachment {
  const ics = buildIcs({
    method,
    uid: appointmentUid(a.id, brand.publicUrl),
    sequence: a.sequence,
    start: a.startsAt,
    end: a.endsAt,
    stamp: now,
    summary: `Appointment with ${a.doctorName} (${brand.clinicName})`,
    description: `${a.specialization} appointment at ${brand.clinicName}.`,
    location: brand.clinicName,
    organizer: { name: brand.clinicName, email: organizerEmail },
    attendee: { name: a.patientName, email: a.patientEmail },
  });
  return {
    filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
    content: ics,
    contentType: `text/calendar; charset=utf-8; method=${method}`,
  };
}

/** The patient's email about an appointment, with its calendar attachment. */
export function buildAppointmentMail(
  brand: Branding,
  kind: AppointmentNoticeKind,
  a: AppointmentMailFields,
  organizerEmail: string,
  extra: AppointmentMailExtra = {},
): OutgoingMail {
  const rendered = appointmentMail(brand, kind, a, extra);
  return {
    ...rendered,
    to: { name: a.patientName, address: a.patientEmail },
    attachments: [appointmentIcs(brand, a, kind === 'cancelled' ? 'CANCEL' : 'REQUEST', organizerEmail)],
  };
}

/** The bare address of a `Name <address>` sender. */
export function addressOf(from: string): string {
  const m = /<([^>]+)>/.exec(from);
  return (m ? m[1] : from).trim();
}
