import { buildIcs, foldLine, icsDate, icsText } from './ics';

const base = {
  uid: 'a1b2@clinic.example',
  sequence: 2,
  start: new Date('2026-12-03T09:30:00.000Z'),
  end: new Date('2026-12-03T10:00:00.000Z'),
  stamp: new Date('2026-11-25T08:00:00.000Z'),
  summary: 'Appointment with Dr. Ann',
};

/** Undoes RFC 5545 folding. */
const unfold = (ics: string) => ics.replace(/\r\n /g, '');

describe('buildIcs', () => {
  it('writes a REQUEST with UTC times, the stable UID and the sequence, every line ending in CRLF', () => {
    const ics = buildIcs({ ...base, method: 'REQUEST' });
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n|\r/);
    const lines = unfold(ics).split('\r\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'METHOD:REQUEST',
        'UID:a1b2@clinic.example',
        'SEQUENCE:2',
        'DTSTART:20261203T093000Z',
        'DTEND:20261203T100000Z',
        'DTSTAMP:20261125T080000Z',
        'STATUS:CONFIRMED',
      ]),
    );
  });

  it('writes a CANCEL with status CANCELLED', () => {
    const lines = unfold(buildIcs({ ...base, method: 'CANCEL' })).split('\r\n');
    expect(lines).toEqual(expect.arrayContaining(['METHOD:CANCEL', 'STATUS:CANCELLED']));
  });

  it('escapes backslashes, semicolons, commas and newlines in text', () => {
    expect(icsText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
    const ics = buildIcs({ ...base, method: 'REQUEST', description: 'Line one\nLine; two, three' });
    expect(unfold(ics)).toContain('DESCRIPTION:Line one\\nLine\\; two\\, three');
  });

  it('folds long lines at 75 octets without splitting multi-byte characters', () => {
    const folded = foldLine(`SUMMARY:${'é'.repeat(100)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${'é'.repeat(100)}`);
    expect(
      folded
        .split('\r\n')
        .slice(1)
        .every((l) => l.startsWith(' ')),
    ).toBe(true);
  });

  it('keeps quotes and line breaks out of parameter values', () => {
    const ics = buildIcs({ ...base, method: 'REQUEST', attendee: { name: 'Eve "x"\nEVIL:1', email: 'e@x.test' } });
    expect(unfold(ics)).not.toMatch(/\r\nEVIL/);
    expect(unfold(ics)).toContain('ATTENDEE;CN="Eve  x  EVIL:1"');
  });
});

describe('fast paths write the same text as the general rules', () => {
  /** The general rules, one character at a time. */
  const foldByCharacter = (line: string) => {
    const out: string[] = [];
    let current = '';
    let octets = 0;
    for (const ch of line) {
      const size = Buffer.byteLength(ch, 'utf8');
      if (octets + size > 75) {
        out.push(current);
        current = ' ';
        octets = 1;
      }
      current += ch;
      octets += size;
    }
    out.push(current);
    return out.join('\r\n');
  };

  it('folds ASCII lines of every length as the character-by-character rule does', () => {
    for (let length = 0; length <= 400; length++) {
      const line = 'ATTENDEE;CN="x":mailto:'.concat('abcdefghij'.repeat(40)).slice(0, length);
      expect(foldLine(line)).toBe(foldByCharacter(line));
    }
    const mixed = `SUMMARY:${'a'.repeat(70)}é${'b'.repeat(100)}`;
    expect(foldLine(mixed)).toBe(foldByCharacter(mixed));
  });

  it('writes UTC dates as toISOString does, without separators or milliseconds', () => {
    const instants = [
      new Date('0001-01-01T00:00:00.000Z'),
      new Date('1999-12-31T23:59:59.999Z'),
      new Date('2026-03-29T01:00:00.000Z'),
      new Date('9999-12-31T23:59:59.000Z'),
    ];
    for (let i = 0; i < 500; i++) instants.push(new Date(Date.UTC(2026, 0, 1) + i * 7_919_017));
    for (const instant of instants) {
      const iso = instant
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
      expect(icsDate(instant)).toBe(iso);
    }
  });

  it('quotes a clean parameter value as it stands', () => {
    const ics = buildIcs({ ...base, method: 'REQUEST', attendee: { name: 'Zoë Ann-Marie', email: 'z@x.test' } });
    expect(unfold(ics)).toContain('ATTENDEE;CN="Zoë Ann-Marie";ROLE=REQ-PARTICIPANT');
  });
});
