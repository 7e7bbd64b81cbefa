import { csvCell, csvRow, parseCsv } from './csv';

describe('csv', () => {
  it('quotes fields with commas, quotes and line breaks and doubles quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    for (const evil of ['=cmd|calc', '+1', '-2', '@SUM(A1)', '\tx', '\rx']) {
      expect(csvCell(evil).replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
  });

  it('ends rows with CRLF and round-trips through the parser', () => {
    const rows = [
      ['id', 'text'],
      ['1', 'comma, "quote"\r\nnew line'],
      ['2', ''],
    ];
    const text = rows.map(csvRow).join('');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text)).toEqual(rows);
  });
});
