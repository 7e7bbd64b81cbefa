/**
 * Email templates: one clinic look (a branded header, the clinic name), an
 * HTML and a plain-text part, and every value that users typed (names,
 * reasons, diagnoses) escaped. Subjects never carry clinical details.
 */
export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

const HTML_SPECIAL = /[&<>"']/;

export function escapeHtml(value: unknown): string {
  const text = String(value ?? '');
  // Most values (names, dates, departments) have nothing to escape: no copies made.
  if (!HTML_SPECIAL.test(text)) return text;
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Header-safe text: no line breaks (no header injection), trimmed. */
export function headerText(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim();
}

export interface Branding {
  clinicName: string;
  publicUrl: string;
  timeZone: string;
}

const labelFormats = new Map<string, Intl.DateTimeFormat>();

/** Intl formatters are costly to build (and hold native memory): one per zone and style, reused. */
function labelFormat(timeZone: string, style: 'date' | 'time'): Intl.DateTimeFormat {
  const key = `${style}:${timeZone}`;
  let format = labelFormats.get(key);
  if (!format) {
    format =
      style === 'date'
        ? new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' })
        : new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    labelFormats.set(key, format);
  }
  return format;
}

/** Labels already formatted, per zone and style, by instant: a day of reminders has a few hundred distinct times. */
const labels = new Map<string, Map<number, string>>();
const LABELS_KEPT = 10_000;

function label(instant: Date, timeZone: string, style: 'date' | 'time'): string {
  const zoneKey = `${style}:${timeZone}`;
  let byTime = labels.get(zoneKey);
  if (byTime === undefined) {
    byTime = new Map();
    labels.set(zoneKey, byTime);
  }
  const time = instant.getTime();
  let text = byTime.get(time);
  if (text === undefined) {
    text = labelFormat(timeZone, style).format(instant);
    if (byTime.size >= LABELS_KEPT) byTime.clear();
    byTime.set(time, text);
  }
  return text;
}

export function dateLabel(instant: Date, timeZone: string): string {
  return label(instant, timeZone, 'date');
}

export function timeLabel(instant: Date, timeZone: string): string {
  return label(instant, timeZone, 'time');
}

/** The parts of the HTML layout that depend on the clinic alone, built once per branding. */
interface LayoutParts {
  head: string;
  mid: string;
  tail: string;
  textHead: string;
  textTail: string;
}

const layoutParts = new Map<string, LayoutParts>();

function partsOf(brand: Branding): LayoutParts {
  const key = `${brand.clinicName}\u0000${brand.publicUrl}`;
  let parts = layoutParts.get(key);
  if (parts === undefined) {
    const clinic = escapeHtml(brand.clinicName);
    const url = escapeHtml(brand.publicUrl);
    parts = {
      head: '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>',
      mid: `</title></head>
<body style="margin:0;background:#f4f6f8;font-family:Arial,Helvetica,sans-serif;color:#1f2933">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="background:#ffffff;border-radius:6px;overflow:hidden">
<tr><td style="background:#0b6e8a;color:#ffffff;padding:16px 24px;font-size:20px;font-weight:bold">${clinic}</td></tr>
<tr><td style="padding:24px;font-size:15px;line-height:1.5">
<h1 style="font-size:18px;margin:0 0 16px">`,
      tail: `
</td></tr>
<tr><td style="padding:12px 24px;font-size:12px;color:#6b7785;border-top:1px solid #e4e7eb">${clinic} · <a href="${url}" style="color:#0b6e8a">${url}</a></td></tr>
</table></td></tr></table></body></html>`,
      textHead: `${brand.clinicName}\n${'='.repeat(Math.min(60, brand.clinicName.length))}\n\n`,
      textTail: `\n--\n${brand.clinicName} · ${brand.publicUrl}\n`,
    };
    if (layoutParts.size >= 64) layoutParts.clear();
    layoutParts.set(key, parts);
  }
  return parts;
}

function layout(brand: Branding, title: string, bodyHtml: string): string {
  const parts = partsOf(brand);
  const heading = escapeHtml(title);
  return parts.head + heading + parts.mid + heading + '</h1>\n' + bodyHtml + parts.tail;
}

function textLayout(brand: Branding, title: string, lines: string[]): string {
  const parts = partsOf(brand);
  let text = parts.textHead + title + '\n\n';
  for (const line of lines) text += line + '\n';
  return text + parts.textTail;
}

function detailsTable(rows: [string, string][]): string {
  let html = '<table role="presentation" cellpadding="4" cellspacing="0" style="border-collapse:collapse">';
  for (const [label, value] of rows) {
    html += `<tr><td style="color:#6b7785;padding-right:16px">${escapeHtml(label)}</td><td><strong>${escapeHtml(value)}</strong></td></tr>`;
  }
  return html + '</table>';
}

export interface AppointmentMailInput {
  patientName: string;
  doctorName: string;
  specialization: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
}

export type AppointmentNoticeKind = 'booked' | 'rescheduled' | 'cancelled' | 'reminder';

/** Who cancelled, in the patient's words. */
const CANCELLED_BY_LABEL: Record<string, string> = {
  patient: 'you',
  doctor: 'your doctor',
  admin: 'the clinic',
  desk: 'the clinic’s front desk',
  system: 'the clinic',
};

export interface AppointmentMailExtra {
  doctorUnavailable?: boolean;
  /** Who cancelled (patient, doctor, admin, desk, system). */
  cancelledBy?: string;
  /** Why, as they said it. */
  cancelReason?: string | null;
  /** Who booked or moved it for the patient (desk: the clinic's front desk). */
  actedBy?: string;
}

/** The subject and opening line of an appointment email (only the kind asked for is written). */
function titleOf(kind: AppointmentNoticeKind, day: string, extra: AppointmentMailExtra): [string, string] {
  switch (kind) {
    case 'booked':
      return [
        `Your appointment on ${day} is booked`,
        'Your appointment is booked. The details are below; the attached invitation adds it to your calendar.',
      ];
    case 'rescheduled':
      return [
        `Your appointment has moved to ${day}`,
        'Your appointment has been moved. The new time is below; the attached invitation updates your calendar.',
      ];
    case 'cancelled':
      return [
        `Your appointment on ${day} is cancelled`,
        extra.doctorUnavailable
          ? 'Your doctor is no longer available, so this appointment has been cancelled. Please book another time with a doctor of your choice.'
          : 'This appointment has been cancelled. The attached update removes it from your calendar.',
      ];
    case 'reminder':
      return [`Reminder: your appointment on ${day}`, 'This is a reminder of your appointment today.'];
  }
}

export function appointmentMail(
  brand: Branding,
  kind: AppointmentNoticeKind,
  a: AppointmentMailInput,
  extra: AppointmentMailExtra = {},
): RenderedMail {
  const day = dateLabel(a.startsAt, brand.timeZone);
  const time = `${timeLabel(a.startsAt, brand.timeZone)}–${timeLabel(a.endsAt, brand.timeZone)}`;
  const [subject, baseIntro] = titleOf(kind, day, extra);
  const intro =
    extra.actedBy === 'desk' && (kind === 'booked' || kind === 'rescheduled')
      ? `${kind === 'booked' ? 'The clinic’s front desk booked this appointment for you.' : 'The clinic’s front desk moved this appointment for you.'} ${baseIntro}`
      : baseIntro;
  const rows: [string, string][] = [
    ['Date', day],
    ['Time', `${time} (${brand.timeZone})`],
    ['Doctor', a.doctorName],
    ['Department', a.specialization],
  ];
  if (a.reason && kind !== 'cancelled') rows.push(['Reason', a.reason]);
  if (extra.actedBy === 'desk' && (kind === 'booked' || kind === 'rescheduled')) {
    rows.push([kind === 'booked' ? 'Booked by' : 'Moved by', CANCELLED_BY_LABEL.desk]);
  }
  const after: string[] = [];
  let bookAgain = '';
  if (kind === 'cancelled') {
    if (extra.cancelledBy) rows.push(['Cancelled by', CANCELLED_BY_LABEL[extra.cancelledBy] ?? extra.cancelledBy]);
    if (extra.cancelReason) rows.push(['Why', extra.cancelReason]);
    if (extra.cancelledBy !== 'patient') {
      bookAgain = `${brand.publicUrl.replace(/\/$/, '')}/patient/doctors`;
      after.push('', `Book another time: ${bookAgain}`);
    }
  }
  const html = layout(
    brand,
    subject,
    `<p>Dear ${escapeHtml(a.patientName)},</p><p>${escapeHtml(intro)}</p>${detailsTable(rows)}` +
      (bookAgain ? `<p><a href="${escapeHtml(bookAgain)}" style="color:#0b6e8a">Book another time</a></p>` : ''),
  );
  const text = textLayout(brand, subject, [
    `Dear ${a.patientName},`,
    '',
    intro,
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    ...after,
  ]);
  return { subject: headerText(subject), html, text };
}

export interface MonthlyReportData {
  doctorName: string;
  month: string;
  monthLabel: string;
  byStatus: { booked: number; completed: number; cancelled: number; checkedIn?: number; noShow?: number };
  total: number;
  /** No-shows over the visits that came due, 0..1. */
  noShowRate?: number;
  patientsSeen: number;
  diagnoses: { diagnosis: string; count: number }[];
}

export function monthlyReportMail(brand: Branding, r: MonthlyReportData): RenderedMail {
  const subject = `Your monthly report for ${r.monthLabel}`;
  const rows: [string, string][] = [
    ['Appointments', String(r.total)],
    ['Completed', String(r.byStatus.completed)],
    ['Cancelled', String(r.byStatus.cancelled)],
    ['No-shows', String(r.byStatus.noShow ?? 0)],
    ['No-show rate', `${Math.round((r.noShowRate ?? 0) * 1000) / 10}%`],
    ['Still booked', String(r.byStatus.booked + (r.byStatus.checkedIn ?? 0))],
    ['Patients seen', String(r.patientsSeen)],
  ];
  const diagnoses =
    r.diagnoses.length === 0
      ? '<p>No diagnoses were recorded this month.</p>'
      : `<h2 style="font-size:16px">Diagnoses</h2><table role="presentation" cellpadding="4" cellspacing="0">${r.diagnoses
          .map((d) => `<tr><td>${escapeHtml(d.diagnosis)}</td><td align="right"><strong>${d.count}</strong></td></tr>`)
          .join('')}</table>`;
  const html = layout(
    brand,
    subject,
    `<p>Dear ${escapeHtml(r.doctorName)},</p><p>Here is your activity for ${escapeHtml(r.monthLabel)}. The same report is attached as a PDF.</p>${detailsTable(rows)}${diagnoses}`,
  );
  const text = textLayout(brand, subject, [
    `Dear ${r.doctorName},`,
    '',
    `Here is your activity for ${r.monthLabel}. The same report is attached as a PDF.`,
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    '',
    'Diagnoses:',
    ...(r.diagnoses.length === 0 ? ['(none)'] : r.diagnoses.map((d) => `  ${d.diagnosis}: ${d.count}`)),
  ]);
  return { subject, html, text };
}

/** Export ready: a link to the download page (the requester signs in there), never the file itself. */
export function exportMail(
  brand: Branding,
  input: { recipientName: string; rows: number; downloadUrl: string; expiresAt: Date },
): RenderedMail {
  const subject = 'Your export is ready';
  const until = dateLabel(input.expiresAt, brand.timeZone);
  const intro = `The export of ${input.rows} appointment(s) is ready. Sign in to download it (the link works only for you) until ${until}. For your privacy the file is not attached to this email.`;
  const html = layout(
    brand,
    subject,
    `<p>Dear ${escapeHtml(input.recipientName)},</p><p>${escapeHtml(intro)}</p><p><a href="${escapeHtml(input.downloadUrl)}" style="color:#0b6e8a">Open the export</a></p>`,
  );
  const text = textLayout(brand, subject, [`Dear ${input.recipientName},`, '', intro, '', input.downloadUrl]);
  return { subject, html, text };
}

/** To the owner of an account whose sign-ins were paused from one address after repeated failures. */
export function accountLockedMail(
  brand: Branding,
  input: { recipientName: string; address: string; until: Date },
): RenderedMail {
  const subject = 'Sign-ins to your account were paused';
  const until = timeLabel(input.until, brand.timeZone);
  const lines = [
    `Someone entered a wrong password for your account several times from the network address ${input.address}.`,
    `Sign-ins to your account from that address are paused until ${until} (${brand.timeZone}). Sign-ins from anywhere else are not affected.`,
    'If this was you, wait until then or sign in from your usual network. If it was not you, your password held; consider choosing a stronger one.',
  ];
  const html = layout(
    brand,
    subject,
    `<p>Dear ${escapeHtml(input.recipientName)},</p>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}`,
  );
  const text = textLayout(brand, subject, [`Dear ${input.recipientName},`, '', ...lines.flatMap((l) => [l, ''])]);
  return { subject, html, text };
}

export type PasswordLinkKind = 'reset' | 'invite';

/** A single-use link to set a password: a reset asked for, or the invitation of a new account. */
export function passwordLinkMail(
  brand: Branding,
  kind: PasswordLinkKind,
  input: { recipientName: string; link: string; expiresAt: Date; email: string },
): RenderedMail {
  const until = `${dateLabel(input.expiresAt, brand.timeZone)} ${timeLabel(input.expiresAt, brand.timeZone)} (${brand.timeZone})`;
  const subject = kind === 'reset' ? 'Reset your password' : `You are invited to ${brand.clinicName}`;
  const intro =
    kind === 'reset'
      ? 'Someone, hopefully you, asked to reset the password of your account. Use the link below to choose a new one.'
      : `An account has been created for you (${input.email}). Use the link below to choose your password and sign in.`;
  const validity = `The link works once, until ${until}.`;
  const outro =
    kind === 'reset'
      ? 'If you did not ask for this, ignore this email: your password stays as it is.'
      : 'If you did not expect this invitation, ignore this email.';
  const action = kind === 'reset' ? 'Choose a new password' : 'Set your password';
  const html = layout(
    brand,
    subject,
    `<p>Dear ${escapeHtml(input.recipientName)},</p><p>${escapeHtml(intro)}</p>` +
      `<p><a href="${escapeHtml(input.link)}" style="color:#0b6e8a;font-weight:bold">${escapeHtml(action)}</a></p>` +
      `<p>${escapeHtml(validity)}</p><p style="color:#6b7785">${escapeHtml(outro)}</p>`,
  );
  const text = textLayout(brand, subject, [
    `Dear ${input.recipientName},`,
    '',
    intro,
    '',
    `${action}: ${input.link}`,
    '',
    validity,
    outro,
  ]);
  return { subject: headerText(subject), html, text };
}

export interface WaitlistOfferMailInput {
  patientName: string;
  doctorName: string;
  specialization: string;
  startsAt: Date;
  endsAt: Date;
  expiresAt: Date;
}

/** A freed slot held for a waitlisted patient until `expiresAt`. */
export function waitlistOfferMail(brand: Branding, o: WaitlistOfferMailInput): RenderedMail {
  const day = dateLabel(o.startsAt, brand.timeZone);
  const time = `${timeLabel(o.startsAt, brand.timeZone)}–${timeLabel(o.endsAt, brand.timeZone)}`;
  const until = `${timeLabel(o.expiresAt, brand.timeZone)} on ${dateLabel(o.expiresAt, brand.timeZone)}`;
  const subject = `A time with ${o.doctorName} on ${day} is held for you`;
  const intro = `A time you were waiting for has become free. It is held for you until ${until} (${brand.timeZone}); accept it before then to book it, or decline it so the next patient can have it.`;
  const link = `${brand.publicUrl.replace(/\/$/, '')}/patient/waitlist`;
  const rows: [string, string][] = [
    ['Date', day],
    ['Time', `${time} (${brand.timeZone})`],
    ['Doctor', o.doctorName],
    ['Department', o.specialization],
    ['Held until', until],
  ];
  const html = layout(
    brand,
    subject,
    `<p>Dear ${escapeHtml(o.patientName)},</p><p>${escapeHtml(intro)}</p>${detailsTable(rows)}` +
      `<p><a href="${escapeHtml(link)}" style="color:#0b6e8a">Accept or decline the offer</a></p>`,
  );
  const text = textLayout(brand, subject, [
    `Dear ${o.patientName},`,
    '',
    intro,
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    '',
    `Accept or decline: ${link}`,
  ]);
  return { subject: headerText(subject), html, text };
}
