/**
 * A minimal RFC 5545 calendar object for one appointment: METHOD:REQUEST
 * (booked, rescheduled, reminder) or METHOD:CANCEL, a UID stable per
 * appointment, SEQUENCE from the appointment, UTC times, escaped text and
 * lines folded at 75 octets with CRLF.
 */
export type IcsMethod = 'REQUEST' | 'CANCEL';

export interface IcsEvent {
  method: IcsMethod;
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  /** When this version of the event was produced (DTSTAMP). */
  stamp: Date;
  summary: string;
  description?: string;
  location?: string;
  organizer?: { name: string; email: string };
  attendee?: { name: string; email: string };
}

const CRLF = '\r\n';

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** UTC date-time, `YYYYMMDDTHHMMSSZ` (years 0–9999, as toISOString writes them). */
export function icsDate(instant: Date): string {
  const year = instant.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) {
    // Invalid dates throw; years beyond four digits keep toISOString's sign and width.
    return instant
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  }
  return (
    `${String(year).padStart(4, '0')}${pad2(instant.getUTCMonth() + 1)}${pad2(instant.getUTCDate())}` +
    `T${pad2(instant.getUTCHours())}${pad2(instant.getUTCMinutes())}${pad2(instant.getUTCSeconds())}Z`
  );
}

/** Characters TEXT values escape; most values have none, and are returned as they are. */
const TEXT_SPECIAL = /[\\;,\r\n]/;

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function icsText(value: string): string {
  if (!TEXT_SPECIAL.test(value)) return value;
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Quoted parameter values may not contain DQUOTE or control characters. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const PARAM_UNSAFE = /["\u0000-\u001f\u007f]/;

function paramText(value: string): string {
  if (!PARAM_UNSAFE.test(value)) return `"${value}"`;
  const clean = [...value]
    .map((ch) => (ch === '"' || ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f ? ' ' : ch))
    .join('');
  return `"${clean}"`;
}

/** Folds a content line into chunks of at most 75 octets, never splitting a UTF-8 character. */
// eslint-disable-next-line no-control-regex -- the whole ASCII range, controls included
const ASCII_ONLY = /^[\u0000-\u007f]*$/;

export function foldLine(line: string): string {
  if (line.length <= 75 && Buffer.byteLength(line, 'utf8') <= 75) return line;
  if (ASCII_ONLY.test(line)) {
    // One octet per character: 75 for the first line, a space and 74 for each continuation.
    let folded = line.slice(0, 75);
    for (let i = 75; i < line.length; i += 74) folded += `${CRLF} ${line.slice(i, i + 74)}`;
    return folded;
  }
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      out.push(current);
      current = ' ';
      octets = 1;
      limit = 75;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(CRLF);
}

/** Appends one content line, folded, with its CRLF. */
const line = (ics: string, content: string) => ics + foldLine(content) + CRLF;

/**
 * Dates of the events being written (a day of reminders has a few hundred
 * distinct start and end times), kept so each is formatted once.
 */
const dates = new Map<number, string>();
const DATES_KEPT = 10_000;

function icsDateOf(instant: Date): string {
  const time = instant.getTime();
  let text = dates.get(time);
  if (text === undefined) {
    text = icsDate(instant);
    if (dates.size >= DATES_KEPT) dates.clear();
    dates.set(time, text);
  }
  return text;
}

export function buildIcs(event: IcsEvent, productId = '-//Clinic HMS//Appointments//EN'): string {
  // Built as one string (no array of lines): a reminder run writes one of these per message.
  let ics = 'BEGIN:VCALENDAR' + CRLF + 'VERSION:2.0' + CRLF;
  ics = line(ics, `PRODID:${productId}`);
  ics += 'CALSCALE:GREGORIAN' + CRLF;
  ics = line(ics, `METHOD:${event.method}`);
  ics += 'BEGIN:VEVENT' + CRLF;
  ics = line(ics, `UID:${event.uid}`);
  ics = line(ics, `SEQUENCE:${Math.max(0, Math.trunc(event.sequence))}`);
  ics = line(ics, `DTSTAMP:${icsDate(event.stamp)}`);
  ics = line(ics, `DTSTART:${icsDateOf(event.start)}`);
  ics = line(ics, `DTEND:${icsDateOf(event.end)}`);
  ics = line(ics, `SUMMARY:${icsText(event.summary)}`);
  if (event.description) ics = line(ics, `DESCRIPTION:${icsText(event.description)}`);
  if (event.location) ics = line(ics, `LOCATION:${icsText(event.location)}`);
  if (event.organizer) {
    ics = line(ics, `ORGANIZER;CN=${paramText(event.organizer.name)}:mailto:${event.organizer.email}`);
  }
  if (event.attendee) {
    ics = line(
      ics,
      `ATTENDEE;CN=${paramText(event.attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:${event.attendee.email}`,
    );
  }
  ics += `STATUS:${event.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}` + CRLF;
  return ics + 'END:VEVENT' + CRLF + 'END:VCALENDAR' + CRLF;
}
