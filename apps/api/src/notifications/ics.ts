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

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function icsText(value: string): string {
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

export function buildIcs(event: IcsEvent, productId = '-//Clinic HMS//Appointments//EN'): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${productId}`,
    'CALSCALE:GREGORIAN',
    `METHOD:${event.method}`,
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `SEQUENCE:${Math.max(0, Math.trunc(event.sequence))}`,
    `DTSTAMP:${icsDate(event.stamp)}`,
    `DTSTART:${icsDate(event.start)}`,
    `DTEND:${icsDate(event.end)}`,
    `SUMMARY:${icsText(event.summary)}`,
  ];
  if (event.description) lines.push(`DESCRIPTION:${icsText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${icsText(event.location)}`);
  if (event.organizer) {
    lines.push(`ORGANIZER;CN=${paramText(event.organizer.name)}:mailto:${event.organizer.email}`);
  }
  if (event.attendee) {
    lines.push(
      `ATTENDEE;CN=${paramText(event.attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:${event.attendee.email}`,
    );
  }
  lines.push(`STATUS:${event.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`, 'END:VEVENT', 'END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
