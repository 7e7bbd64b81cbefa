import { HttpParams } from '@angular/common/http';

type ParamValue = string | number | boolean | null | undefined;

/** Query parameters without the empty ones (`undefined`, `null`, `''`). */
export function queryParams<T extends { [K in keyof T]: ParamValue }>(values: T): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(values) as [string, ParamValue][]) {
    if (value === undefined || value === null || value === '') continue;
    params = params.set(key, String(value));
  }
  return params;
}
