/**
 * RFC 4180 CSV: CRLF line ends, fields with a comma, quote, CR or LF quoted,
 * quotes doubled. Cells a spreadsheet would read as a formula (starting with
 * =, +, -, @, tab or CR) get a leading apostrophe.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** Parses RFC 4180 text back into rows (used by tests and tools). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Turns PostgreSQL's `COPY ... (FORMAT csv)` output, whose records end in LF,
 * into RFC 4180 records ending in CRLF. A line break inside a quoted field is
 * data and stays as it is; quotes inside fields are doubled, so counting them
 * tells inside from outside. Works on bytes (UTF-8 continuation bytes never
 * equal `"` or LF), keeps its state across chunks and counts the records.
 */
export class CsvRecordEnds {
  records = 0;
  private quoted = false;

  convert(chunk: Buffer): Buffer {
    const QUOTE = 0x22;
    const LF = 0x0a;
    const ends: number[] = [];
    let quoted = this.quoted;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === QUOTE) quoted = !quoted;
      else if (byte === LF && !quoted) ends.push(i);
    }
    this.quoted = quoted;
    this.records += ends.length;
    if (ends.length === 0) return chunk;
    const out = Buffer.allocUnsafe(chunk.length + ends.length);
    let from = 0;
    let at = 0;
    for (const end of ends) {
      at += chunk.copy(out, at, from, end);
      out[at++] = 0x0d;
      out[at++] = LF;
      from = end + 1;
    }
    chunk.copy(out, at, from);
    return out;
  }
}
