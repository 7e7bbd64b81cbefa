import { csvCell, csvRow, CsvRecordEnds, parseCsv } from './csv';

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

describe('CsvRecordEnds', () => {
  // Records as COPY (FORMAT csv) writes them: LF ends, line breaks inside quoted fields kept.
  const copyText = 'a,"x\ny",b\n"q ""\n"" r",,\n\'=1,"é\r\nü",z\n';
  const expected = 'a,"x\ny",b\r\n"q ""\n"" r",,\r\n\'=1,"é\r\nü",z\r\n';

  it('ends records in CRLF and leaves line breaks inside quoted fields alone', () => {
    const ends = new CsvRecordEnds();
    expect(ends.convert(Buffer.from(copyText)).toString('utf8')).toBe(expected);
    expect(ends.records).toBe(3);
    expect(parseCsv(expected)).toEqual([
      ['a', 'x\ny', 'b'],
      ['q "\n" r', '', ''],
      ["'=1", 'é\r\nü', 'z'],
    ]);
  });

  it('gives the same bytes however the stream is cut, multi-byte characters included', () => {
    const bytes = Buffer.from(copyText);
    for (let cut = 0; cut <= bytes.length; cut++) {
      for (let second = cut; second <= bytes.length; second += 3) {
        const ends = new CsvRecordEnds();
        const parts = [bytes.subarray(0, cut), bytes.subarray(cut, second), bytes.subarray(second)];
        const out = Buffer.concat(parts.map((p) => ends.convert(p)));
        expect(out.toString('utf8')).toBe(expected);
        expect(ends.records).toBe(3);
      }
    }
  });
});
