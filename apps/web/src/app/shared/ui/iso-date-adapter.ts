import { Injectable } from '@angular/core';
import { isClinicDate } from '@hms/shared';
import { NgbDateAdapter, NgbDateParserFormatter, NgbDateStruct } from '@ng-bootstrap/ng-bootstrap';

/** Lets ng-bootstrap's datepicker read and write calendar dates as `YYYY-MM-DD` strings. */
@Injectable()
export class IsoDateAdapter extends NgbDateAdapter<string> {
  fromModel(value: string | null): NgbDateStruct | null {
    const m = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
    return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
  }

  toModel(date: NgbDateStruct | null): string | null {
    if (!date) return null;
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
  }
}

export function toStruct(date: string): NgbDateStruct {
  const [year, month, day] = date.split('-').map(Number);
  return { year: year ?? 1970, month: month ?? 1, day: day ?? 1 };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function validDate(year: number, month: number, day: number): NgbDateStruct | null {
  const pad = (n: number) => String(n).padStart(2, '0');
  return isClinicDate(`${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`) ? { year, month, day } : null;
}

/**
 * Shows and reads datepicker dates in the app's format, "7 Dec 2026" (the
 * format the rest of the app writes), instead of the browser's locale format.
 * Reads "7 Dec 2026", "7 December 2026", "2026-12-07" and "7/12/2026" (day first).
 */
@Injectable()
export class ClinicDateParserFormatter extends NgbDateParserFormatter {
  format(date: NgbDateStruct | null): string {
    return date ? `${date.day} ${MONTHS[date.month - 1] ?? ''} ${date.year}` : '';
  }

  parse(value: string): NgbDateStruct | null {
    const text = value.trim();
    let m = /^(\d{1,2})\s+([A-Za-z]{3,})\.?\s+(\d{4})$/.exec(text);
    if (m) {
      const month = MONTHS.findIndex((name) => name.toLowerCase() === m![2]!.slice(0, 3).toLowerCase()) + 1;
      return month > 0 ? validDate(Number(m[3]), month, Number(m[1])) : null;
    }
    m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
    m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(text);
    if (m) return validDate(Number(m[3]), Number(m[2]), Number(m[1]));
    return null;
  }
}

/** Datepicker inputs bound to `YYYY-MM-DD` strings and shown as "7 Dec 2026". */
export const CLINIC_DATEPICKER_PROVIDERS = [
  { provide: NgbDateAdapter, useClass: IsoDateAdapter },
  { provide: NgbDateParserFormatter, useClass: ClinicDateParserFormatter },
];
