import { computed, DestroyRef, inject, type Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router, type ParamMap } from '@angular/router';
import { PAGE_SIZE_DEFAULT } from '@hms/shared';

/** The filters of a list as URL query values: every one a string, '' meaning "not set". */
export type ListFilters = Record<string, string>;

export interface ListQuery<F extends ListFilters> {
  filters: F;
  page: number;
  pageSize: number;
}

/**
 * The filters, sort and page of a server-paged list, kept in the URL query so
 * that a reload, the back button and a shared link show the same page.
 *
 * Values equal to their default are left out of the URL. Changing a filter
 * goes back to page 1; typing (`debounce`) replaces the history entry instead
 * of adding one per keystroke. Create it in an injection context (a field
 * initializer of a routed component).
 */
export class ListState<F extends ListFilters> {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly params: Signal<ParamMap>;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** The filters as the URL has them (defaults filled in). */
  readonly filters: Signal<F>;
  /** The page number from the URL, from 1. */
  readonly page: Signal<number>;
  /** Filters, page and page size: what the list asks the API for. */
  readonly query: Signal<ListQuery<F>>;

  constructor(
    private readonly defaults: F,
    readonly pageSize: number = PAGE_SIZE_DEFAULT,
  ) {
    this.params = toSignal(this.route.queryParamMap, { initialValue: this.route.snapshot.queryParamMap });
    this.filters = computed(
      () => {
        const params = this.params();
        const out = { ...this.defaults } as Record<string, string>;
        for (const key of Object.keys(this.defaults)) {
          const value = params.get(key);
          if (value !== null) out[key] = value;
        }
        return out as F;
      },
      { equal: sameRecord },
    );
    this.page = computed(() => {
      const n = Number(this.params().get('page'));
      return Number.isInteger(n) && n >= 1 ? n : 1;
    });
    this.query = computed(() => ({ filters: this.filters(), page: this.page(), pageSize: this.pageSize }), {
      equal: (a, b) => a.page === b.page && a.pageSize === b.pageSize && sameRecord(a.filters, b.filters),
    });
    inject(DestroyRef).onDestroy(() => this.cancelPending());
  }

  /** One filter's value ('' when not set). */
  value<K extends keyof F & string>(key: K): F[K] {
    return this.filters()[key];
  }

  /**
   * Changes filters (page back to 1). With `debounce` (ms), for typing, the URL
   * changes once the typing pauses and the history entry is replaced.
   */
  set(patch: Partial<F>, options: { debounce?: number } = {}): void {
    this.cancelPending();
    const apply = () => this.navigate({ ...this.changes(patch), page: null }, !!options.debounce);
    if (options.debounce) this.timer = setTimeout(apply, options.debounce);
    else apply();
  }

  /** Goes to a page of the list (a new history entry). */
  goTo(page: number): void {
    this.cancelPending();
    this.navigate({ page: page > 1 ? String(page) : null }, false);
  }

  /** Back to the defaults: every filter and the page leave the URL. */
  reset(): void {
    this.set(Object.fromEntries(Object.keys(this.defaults).map((k) => [k, this.defaults[k]])) as Partial<F>);
  }

  /** "Showing 21–40 of 213" numbers for a loaded page. */
  static range(total: number, page: number, pageSize: number): { first: number; last: number } {
    if (total === 0) return { first: 0, last: 0 };
    const first = Math.min((page - 1) * pageSize + 1, total);
    return { first, last: Math.min(page * pageSize, total) };
  }

  private changes(patch: Partial<F>): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    for (const [key, raw] of Object.entries(patch)) {
      const value = (raw ?? '') as string;
      out[key] = value === this.defaults[key] || value === '' ? null : value;
    }
    return out;
  }

  private navigate(queryParams: Record<string, string | null>, replaceUrl: boolean): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams,
      queryParamsHandling: 'merge',
      replaceUrl,
    });
  }

  private cancelPending(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** A URL-synced list state with these filter defaults (see ListState). */
export function listState<F extends ListFilters>(defaults: F, pageSize?: number): ListState<F> {
  return new ListState(defaults, pageSize);
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
